package io.dmsdelta.init;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a sample of a DynamoDB table's items shows of one attribute: the descriptors its values had and the numbers
 * among them, which give its column's Spark type ({@link #mapped}).
 *
 * @param descriptors the descriptors seen, {@code NULL} among them
 * @param numbers     the numbers of its {@code N} and {@code NS} values
 */
public record AttributeSample(Set<AttributeDescriptor> descriptors, NumberSpan numbers) {

    /** Nothing seen yet. */
    public static final AttributeSample NONE = new AttributeSample(Set.of(), NumberSpan.NONE);

    public AttributeSample {
        EnumSet<AttributeDescriptor> copy = EnumSet.noneOf(AttributeDescriptor.class);
        copy.addAll(descriptors);
        descriptors = Collections.unmodifiableSet(copy);
        Objects.requireNonNull(numbers, "numbers");
    }

    /** @throws NumberFormatException when a number of the value is not one */
    public AttributeSample plus(SampledValue value) {
        EnumSet<AttributeDescriptor> seen = EnumSet.of(value.descriptor());
        seen.addAll(descriptors);
        NumberSpan span = numbers;
        for (String number : value.numbers()) {
            span = span.plus(number);
        }
        return new AttributeSample(seen, span);
    }

    /**
     * The column's type: {@code S} string, {@code N} as {@link NumberSpan} says, {@code B} binary, {@code BOOL}
     * boolean, {@code M} and {@code L} string (their JSON text), {@code SS}, {@code NS} and {@code BS} arrays of those;
     * string when only {@code NULL} was seen, or values of different descriptors (a {@code NULL} is a missing value of
     * any of them). A string for lack of a better type is a fallback: a type set by hand stands on a re-run.
     */
    public MappedType mapped() {
        Set<AttributeDescriptor> valued = EnumSet.noneOf(AttributeDescriptor.class);
        valued.addAll(descriptors);
        valued.remove(AttributeDescriptor.NULL);
        if (valued.isEmpty()) {
            return MappedType.fallback("only NULL values in the sample: declared string");
        }
        if (valued.size() > 1) {
            return MappedType.fallback("values of different types in the sample (" + valued.stream()
                    .map(Enum::name).collect(Collectors.joining(", ")) + "): declared string");
        }
        return switch (valued.iterator().next()) {
            case S, M, L -> MappedType.of("string");
            case N -> numbers.type();
            case B -> MappedType.of("binary");
            case BOOL -> MappedType.of("boolean");
            case SS -> MappedType.of("array<string>");
            case NS -> {
                MappedType element = numbers.type();
                yield new MappedType("array<" + element.type() + ">", element.note(), false, false, List.of());
            }
            case BS -> MappedType.of("array<binary>");
            case NULL -> throw new IllegalStateException("NULL was taken out above");
        };
    }
}
