package io.dmsdelta.generate;

/**
 * A row of the generated table, {@link BenchTable}: an order.
 *
 * @param amountCents     {@code amount} in hundredths ({@code decimal(12,2)})
 * @param updatedAtMicros {@code updated_at}, microseconds since the epoch (UTC)
 */
record OrderRow(long id, String customer, String note, long amountCents, String status, long updatedAtMicros) {
}
