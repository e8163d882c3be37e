package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;

/**
 * One attribute value of a sampled DynamoDB item, as much of it as its column's type depends on.
 *
 * @param numbers the number's text for {@code N}, the set's for {@code NS}; empty for every other descriptor
 */
public record SampledValue(AttributeDescriptor descriptor, List<String> numbers) {
    public SampledValue {
        Objects.requireNonNull(descriptor, "descriptor");
        numbers = List.copyOf(numbers);
    }

    public static SampledValue of(AttributeDescriptor descriptor) {
        return new SampledValue(descriptor, List.of());
    }
}
