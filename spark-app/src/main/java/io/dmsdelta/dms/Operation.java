package io.dmsdelta.dms;

import java.util.List;

/** The operation a DMS row records, by the code in its operation column. */
public enum Operation {
    INSERT("I"),
    UPDATE("U"),
    DELETE("D");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /** The code DMS writes: {@code I}, {@code U} or {@code D}. */
    public String code() {
        return code;
    }

    /** The operations a file of this kind may hold: a LOAD file only inserts. */
    public static List<Operation> allowedIn(DmsFileKind kind) {
        return kind == DmsFileKind.LOAD ? List.of(INSERT) : List.of(values());
    }

    /** The codes of {@link #allowedIn}. */
    public static List<String> codesAllowedIn(DmsFileKind kind) {
        return allowedIn(kind).stream().map(Operation::code).toList();
    }
}
