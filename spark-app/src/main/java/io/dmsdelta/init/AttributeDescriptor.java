package io.dmsdelta.init;

import java.util.Arrays;
import java.util.Optional;

/**
 * The data type descriptors of DynamoDB attribute values, as its JSON writes them: {@code {"S": "text"}},
 * {@code {"N": "12.5"}}, {@code {"NULL": true}}, ...
 */
public enum AttributeDescriptor {
    S, N, B, BOOL, NULL, M, L, SS, NS, BS;

    /** @return empty for a name DynamoDB does not have (descriptors are upper case) */
    public static Optional<AttributeDescriptor> of(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }
}
