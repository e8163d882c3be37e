package io.dmsdelta.init;

/**
 * The data type descriptors of DynamoDB attribute values, as its JSON writes them: {@code {"S": "text"}},
 * {@code {"N": "12.5"}}, {@code {"NULL": true}}, ...
 */
public enum AttributeDescriptor {
    S, N, B, BOOL, NULL, M, L, SS, NS, BS
}
