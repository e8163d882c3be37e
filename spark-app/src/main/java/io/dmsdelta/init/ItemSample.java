package io.dmsdelta.init;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects what a sample of a DynamoDB table's items shows of each attribute, for {@link DynamoDbColumns}: from
 * Scan's items, or from change records' images.
 */
public final class ItemSample {

    private final List<String> key;
    private final Map<String, AttributeSample> attributes = new TreeMap<>();
    private int items;

    /** @param key the key attributes: the partition key, then the sort key if the table has one */
    public ItemSample(List<String> key) {
        this.key = List.copyOf(Objects.requireNonNull(key, "key"));
    }

    /** A key attribute's type as the key schema declares it, whether or not the sample holds a value of it. */
    public void declare(String attribute, AttributeDescriptor descriptor) {
        observe(attribute, SampledValue.of(descriptor));
    }

    /**
     * One item, or one change record's images ({@code Keys}, {@code NewImage}, {@code OldImage}): counted once.
     *
     * @throws NumberFormatException when a number of it is not one
     */
    @SafeVarargs
    public final void add(Map<String, SampledValue>... images) {
        for (Map<String, SampledValue> image : images) {
            image.forEach(this::observe);
        }
        items++;
    }

    private void observe(String attribute, SampledValue value) {
        attributes.put(attribute, attributes.getOrDefault(attribute, AttributeSample.NONE).plus(value));
    }

    public List<String> key() {
        return key;
    }

    /** How many items (or records) were added. */
    public int items() {
        return items;
    }

    /** Every attribute seen or declared, by name. */
    public Map<String, AttributeSample> attributes() {
        return Collections.unmodifiableMap(attributes);
    }
}
