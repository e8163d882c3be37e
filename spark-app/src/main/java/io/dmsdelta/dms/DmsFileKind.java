package io.dmsdelta.dms;

/** The two kinds of file DMS writes into a table folder. */
public enum DmsFileKind {
    /** Full-load snapshot file, {@code LOAD00000001.csv}; rows carry no operation column by default. */
    LOAD,
    /** Ongoing-replication file named by write time, {@code 20240612-103125108.csv}; rows start with I, U or D. */
    CDC
}
