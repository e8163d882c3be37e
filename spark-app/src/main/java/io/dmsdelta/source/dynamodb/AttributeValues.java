package io.dmsdelta.source.dynamodb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * DynamoDB's typed attribute values ({@code {"S": "x"}}, {@code {"N": "1.5"}}, ...) as the text a column of the
 * declared Spark type is typed from, and the descriptor the type is checked against ({@link DescriptorTypes}). Numbers
 * stay the decimal strings DynamoDB writes (never a double on the way); binary values are base64 in the records and
 * hexadecimal digits for the typing; maps, lists and sets are plain JSON (sets as arrays, binary as base64 strings)
 * for string columns and for declared arrays, structs and maps, whose every element is checked here.
 */
public final class AttributeValues {

    /** The descriptors DynamoDB writes. */
    public static final Set<String> DESCRIPTORS = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

    private static final ObjectMapper PLAIN = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private AttributeValues() {
    }

    /**
     * An attribute's value for a column: its text, and its descriptor as checked against the column's type.
     *
     * @param descriptor the attribute's descriptor; for a value of an array, struct or map column whose element does
     *                   not fit, the path to that element and its descriptor ({@code L[2]: S}); null for NULL
     * @param text       the value as the column's type is read from text; null for NULL
     */
    public record Value(String descriptor, String text) {
        public static final Value NULL = new Value(null, null);
    }

    /** What is wrong with a value that is not a DynamoDB attribute value. */
    public static final class NotAnAttributeValue extends IllegalArgumentException {
        NotAnAttributeValue(String message) {
            super(message);
        }
    }

    /** The descriptor of an attribute value: its one field's name. */
    public static String descriptor(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            throw new NotAnAttributeValue("is not a DynamoDB attribute value (an object with one descriptor: S, N, B,"
                    + " BOOL, NULL, M, L, SS, NS or BS): " + value);
        }
        String descriptor = value.fieldNames().next();
        if (!DESCRIPTORS.contains(descriptor)) {
            throw new NotAnAttributeValue("has descriptor " + descriptor + ", which DynamoDB does not write: " + value);
        }
        return descriptor;
    }

    /** The value for a column of {@code type}: the text its typing reads, or the mismatch it reports. */
    public static Value forColumn(JsonNode value, DataType type) {
        String descriptor = descriptor(value);
        JsonNode inner = value.get(descriptor);
        if (descriptor.equals("NULL")) {
            return Value.NULL;
        }
        if (type instanceof StringType) {
            return new Value(descriptor, switch (descriptor) {
                case "S", "N", "B" -> inner.asText();
                case "BOOL" -> String.valueOf(inner.asBoolean());
                default -> plainJson(value);
            });
        }
        if (isComplex(type)) {
            String mismatch = mismatch(value, type, descriptor);
            return new Value(mismatch == null ? descriptor : mismatch, plainJson(value));
        }
        return switch (descriptor) {
            case "B" -> base64ToHex(inner.asText()).map(hex -> new Value(descriptor, hex))
                    .orElse(new Value("B (not base64)", inner.asText()));
            case "BOOL" -> new Value(descriptor, String.valueOf(inner.asBoolean()));
            case "S", "N" -> new Value(descriptor, inner.asText());
            default -> new Value(descriptor, plainJson(value));
        };
    }

    /** Whether a declared type is read from JSON text: arrays, structs and maps. */
    public static boolean isComplex(DataType type) {
        return type instanceof ArrayType || type instanceof StructType || type instanceof MapType;
    }

    /** The value as plain JSON: what string columns hold for maps, lists and sets, and the rest column. */
    public static String plainJson(JsonNode value) {
        try {
            return PLAIN.writeValueAsString(plain(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attributes (name to attribute value) as one plain JSON object, names sorted. */
    public static String plainJson(Map<String, JsonNode> attributes) {
        ObjectNode object = PLAIN.createObjectNode();
        new TreeMap<>(attributes).forEach((name, value) -> object.set(name, plain(value)));
        try {
            return PLAIN.writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode plain(JsonNode value) {
        String descriptor = descriptor(value);
        JsonNode inner = value.get(descriptor);
        JsonNodeFactory nodes = PLAIN.getNodeFactory();
        switch (descriptor) {
            case "S", "B":
                return nodes.textNode(inner.asText());
            case "N":
                return nodes.numberNode(number(inner.asText()));
            case "BOOL":
                return nodes.booleanNode(inner.asBoolean());
            case "NULL":
                return nodes.nullNode();
            case "M": {
                ObjectNode object = nodes.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    object.set(field.getKey(), plain(field.getValue()));
                }
                return object;
            }
            case "L": {
                ArrayNode array = nodes.arrayNode();
                inner.forEach(element -> array.add(plain(element)));
                return array;
            }
            default: { // the sets
                ArrayNode array = nodes.arrayNode();
                inner.forEach(element -> array.add(descriptor.equals("NS") ? nodes.numberNode(number(element.asText()))
                        : nodes.textNode(element.asText())));
                return array;
            }
        }
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new NotAnAttributeValue("has N " + text + ", which is not a number");
        }
    }

    /** Where a value does not fit a declared array, struct or map type, as a path and descriptor; null when it fits. */
    static String mismatch(JsonNode value, DataType type, String path) {
        String descriptor = descriptor(value);
        JsonNode inner = value.get(descriptor);
        if (descriptor.equals("NULL")) {
            return null;
        }
        if (type instanceof ArrayType array) {
            if (descriptor.equals("L")) {
                for (int i = 0; i < inner.size(); i++) {
                    String found = mismatch(inner.get(i), array.elementType(), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            if (descriptor.length() == 2 && descriptor.endsWith("S")) {
                String element = descriptor.substring(0, 1);
                for (int i = 0; i < inner.size(); i++) {
                    JsonNode member = PLAIN.createObjectNode().set(element, inner.get(i));
                    String found = mismatch(member, array.elementType(), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            return at(path, descriptor);
        }
        if (type instanceof StructType struct) {
            if (!descriptor.equals("M")) {
                return at(path, descriptor);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<StructField> declared = java.util.Arrays.stream(struct.fields())
                        .filter(f -> f.name().equals(field.getKey())).findFirst();
                String found = declared.isEmpty() ? path + "." + field.getKey() + ": not a field of the struct"
                        : mismatch(field.getValue(), declared.get().dataType(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (type instanceof MapType map) {
            if (!descriptor.equals("M")) {
                return at(path, descriptor);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String found = mismatch(field.getValue(), map.valueType(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return scalarMismatch(descriptor, inner, type, path);
    }

    /** An element of an array, struct or map: checked here, since reading JSON into a type would round or drop it. */
    private static String scalarMismatch(String descriptor, JsonNode inner, DataType type, String path) {
        if (type instanceof StringType) {
            return null;
        }
        Optional<String> allowed = DescriptorTypes.allowed(type);
        if (allowed.isPresent() && !descriptor.matches(allowed.get())) {
            return at(path, descriptor);
        }
        if (descriptor.equals("N")) {
            BigDecimal number = number(inner.asText());
            if (!fits(number, type)) {
                return path + ": N " + inner.asText() + " does not fit " + type.simpleString();
            }
        }
        if (descriptor.equals("B") && base64ToHex(inner.asText()).isEmpty()) {
            return path + ": B is not base64";
        }
        return null;
    }

    private static boolean fits(BigDecimal number, DataType type) {
        try {
            if (type instanceof ByteType) {
                number.byteValueExact();
            } else if (type instanceof ShortType) {
                number.shortValueExact();
            } else if (type instanceof IntegerType) {
                number.intValueExact();
            } else if (type instanceof LongType) {
                number.longValueExact();
            } else if (type instanceof DecimalType decimal) {
                BigDecimal stripped = number.stripTrailingZeros();
                int scale = Math.max(stripped.scale(), 0);
                return scale <= decimal.scale() && stripped.precision() - stripped.scale() <= decimal.precision()
                        - decimal.scale();
            } else if (type instanceof FloatType || type instanceof DoubleType) {
                return Double.isFinite(number.doubleValue());
            }
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static String at(String path, String descriptor) {
        return path.contains("[") || path.contains(".") ? path + ": " + descriptor : descriptor;
    }

    /** Base64 as hexadecimal digits; empty when it is not base64. */
    static Optional<String> base64ToHex(String base64) {
        try {
            return Optional.of(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
