package io.dmsdelta.bench;

/**
 * A ratio of two times measured in the same run.
 *
 * @param name   what is divided by what
 * @param keys   the key pattern of the changes
 * @param value  the ratio
 * @param target what the issue asks for on workload W1 (2 cores, 24 GB), or "-"
 * @param basis  the two times it comes from, and any scaling
 */
record Ratio(String name, String keys, double value, String target, String basis) {
}
