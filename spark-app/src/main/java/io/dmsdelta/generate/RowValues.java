package io.dmsdelta.generate;

import java.util.SplittableRandom;

/**
 * Makes up the values of a generated row. The customer follows from the id, so an update's full after-image
 * keeps the customer the row was inserted with without storing any row; the other values are drawn from the
 * given random source. About one note in five holds a comma or double quotes, so files exercise RFC 4180
 * quoting.
 */
final class RowValues {

    private static final String[] NOTES = {"standard", "gift wrap", "rush, fragile", "leave at the door",
            "call \"before\" delivery", "express", "pickup", "no invoice", "standard", "deliver after 6 pm"};
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
    private static final int CUSTOMERS = 50_000;

    private RowValues() {
    }

    static OrderRow row(long id, long updatedAtMicros, SplittableRandom random) {
        String note = NOTES[random.nextInt(NOTES.length)] + " #" + random.nextInt(1000);
        long amountCents = random.nextLong(100, 10_000_000);
        String status = STATUSES[random.nextInt(STATUSES.length)];
        return new OrderRow(id, customer(id), note, amountCents, status, updatedAtMicros);
    }

    static String customer(long id) {
        // A multiplicative hash spreads consecutive ids over the customers.
        return "customer-" + (((id * 0x9E3779B97F4A7C15L) >>> 33) % CUSTOMERS + 1);
    }
}
