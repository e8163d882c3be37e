package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;

/**
 * The share of updates, inserts and deletes among generated changes, in whole percent adding up to 100,
 * written {@code U:I:D} as on the command line ({@code 50:30:20}).
 */
public record OperationMix(int updates, int inserts, int deletes) {

    /** Exact numbers of each operation among a number of changes. */
    public record Counts(long updates, long inserts, long deletes) {
        public long total() {
            return updates + inserts + deletes;
        }
    }

    /** @throws ConfigException when a share is negative or the shares do not add up to 100 */
    public OperationMix {
        if (updates < 0 || inserts < 0 || deletes < 0 || updates + inserts + deletes != 100) {
            throw new ConfigException("--mix " + updates + ":" + inserts + ":" + deletes + " must be three whole"
                    + " percentages U:I:D (updates, inserts, deletes) that add up to 100, e.g. 50:30:20.");
        }
    }

    /** @throws ConfigException naming the text when it is not {@code U:I:D} with whole numbers adding up to 100 */
    public static OperationMix parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            throw new ConfigException("--mix " + text + " must be U:I:D, the percentages of updates, inserts and"
                    + " deletes, e.g. 50:30:20.");
        }
        try {
            return new OperationMix(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException("--mix " + text + " must be U:I:D with whole numbers, e.g. 50:30:20.");
        }
    }

    /**
     * Splits {@code changes} exactly: each operation gets its share rounded down, and the changes left over go
     * one each to the operations with the largest fractions (ties: updates, inserts, deletes), so the counts
     * add up to {@code changes} and an operation with share 0 gets none.
     */
    public Counts counts(long changes) {
        long[] shares = {updates, inserts, deletes};
        long[] counts = new long[3];
        long[] remainders = new long[3];
        long left = changes;
        for (int i = 0; i < 3; i++) {
            counts[i] = Math.multiplyExact(changes, shares[i]) / 100;
            remainders[i] = Math.multiplyExact(changes, shares[i]) % 100;
            left -= counts[i];
        }
        while (left > 0) {
            int largest = 0;
            for (int i = 1; i < 3; i++) {
                if (remainders[i] > remainders[largest]) {
                    largest = i;
                }
            }
            counts[largest]++;
            remainders[largest] = -1;
            left--;
        }
        return new Counts(counts[0], counts[1], counts[2]);
    }

    @Override
    public String toString() {
        return updates + ":" + inserts + ":" + deletes;
    }
}
