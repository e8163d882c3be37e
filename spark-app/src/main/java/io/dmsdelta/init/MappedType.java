package io.dmsdelta.init;

import org.apache.spark.sql.types.DataType;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Spark type a source column is declared as, from the mapping in {@code docs/configuration.md} ("Source
 * types").
 *
 * @param type         a Spark SQL DDL type: {@code int}, {@code decimal(10,2)}, {@code string}, ...
 * @param note         why the type may need a look (an unknown source type, an unbounded numeric), for the summary
 * @param lob          whether DMS treats the source type as a LOB, which a {@code non-lob} before-image filter
 *                     leaves out
 * @param fallback     the mapping knows no better type than {@code string}: a type set by hand in an existing
 *                     definition is kept on a re-run instead of being reported as a change
 * @param alternatives other types the mapping also documents for the source type (MySQL {@code tinyint(1)}:
 *                     {@code boolean} or {@code tinyint}); a hand-set one is kept the same way
 * @param encoding     for a Debezium definition: how the connector writes the values, when it is not what the type
 *                     reads by default ({@code timestamp-millis}, {@code time-micros}, ...; see
 *                     {@link DebeziumTypes}); empty for DMS
 */
public record MappedType(String type, Optional<String> note, boolean lob, boolean fallback, List<String> alternatives,
                         Optional<String> encoding) {

    /** The note of a column the files name without giving a type (a CSV header): such notes are gathered per table. */
    public static final String UNTYPED = "named by a CSV header, which gives no type";

    public MappedType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(note, "note");
        alternatives = List.copyOf(alternatives);
        Objects.requireNonNull(encoding, "encoding");
    }

    public MappedType(String type, Optional<String> note, boolean lob, boolean fallback, List<String> alternatives) {
        this(type, note, lob, fallback, alternatives, Optional.empty());
    }

    /** A type the mapping gives for the source type. */
    public static MappedType of(String type) {
        return new MappedType(type, Optional.empty(), false, false, List.of());
    }

    /** A LOB type of the source (left out by the {@code non-lob} before-image filter). */
    public static MappedType lob(String type) {
        return new MappedType(type, Optional.empty(), true, false, List.of());
    }

    /** {@code string} because nothing better is known, with the reason. */
    public static MappedType fallback(String note) {
        return new MappedType("string", Optional.of(note), false, true, List.of());
    }

    /** {@code string} for a column whose files give its name alone; a type set by hand is kept. */
    public static MappedType untyped() {
        return new MappedType("string", Optional.of(UNTYPED), false, true, List.of());
    }

    public MappedType orAlso(String... others) {
        return new MappedType(type, note, lob, fallback, List.of(others), encoding);
    }

    /** The same type, read with the given Debezium value encoding. */
    public MappedType encoded(String valueEncoding) {
        return new MappedType(type, note, lob, fallback, alternatives, Optional.of(valueEncoding));
    }

    /** The same type with a note for the summary; a hand-set type is kept on a re-run when {@code keepHandSet}. */
    public MappedType noted(String text, boolean keepHandSet) {
        return new MappedType(type, Optional.of(text), lob, keepHandSet || fallback, alternatives, encoding);
    }

    /**
     * Whether a type someone declared by hand for this column stands: it is this type, or the mapping had only a
     * fallback or documents it as an alternative.
     */
    public boolean accepts(String declared) {
        return sameType(type, declared) || fallback || alternatives.stream().anyMatch(a -> sameType(a, declared));
    }

    /** Whether two Spark DDL types are the same type ({@code int} and {@code INTEGER}, say). */
    public static boolean sameType(String a, String b) {
        return parse(a).map(x -> parse(b).map(x::sameType).orElse(false)).orElse(a.equals(b));
    }

    private static Optional<DataType> parse(String ddl) {
        try {
            return Optional.of(DataType.fromDDL(ddl));
        } catch (Exception e) { // Spark's ParseException is checked in Scala's eyes only
            return Optional.empty();
        }
    }
}
