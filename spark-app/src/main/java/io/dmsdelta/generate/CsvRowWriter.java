package io.dmsdelta.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes one DMS CSV file as DMS does with its default endpoint settings: comma-separated, {@code \n} after each
 * row, a value quoted (inner quotes doubled) only when it holds a comma, a quote or a line break, NULL as an
 * empty field, timestamps as {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, decimals with two places.
 */
final class CsvRowWriter implements Closeable {

    private final Path file;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    /** @throws UncheckedIOException naming the file when it cannot be created */
    CsvRowWriter(Path file) {
        this.file = file;
        try {
            out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** A full row; {@code op} is the operation column, or 0 for none (LOAD files). */
    void row(char op, OrderRow row) {
        line.setLength(0);
        if (op != 0) {
            line.append(op).append(',');
        }
        line.append(row.id()).append(',');
        quoted(row.customer());
        line.append(',');
        quoted(row.note());
        line.append(',');
        decimal(row.amountCents());
        line.append(',');
        quoted(row.status());
        line.append(',');
        timestamp(row.updatedAtMicros());
        write();
    }

    /** A row with only its key filled, as PostgreSQL sources write deletes. */
    void keyOnly(char op, long id) {
        line.setLength(0);
        line.append(op).append(',').append(id);
        for (int i = 1; i < BenchTable.COLUMNS.length; i++) {
            line.append(',');
        }
        write();
    }

    long rows() {
        return rows;
    }

    private void write() {
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        rows++;
    }

    private void quoted(String value) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            line.append(c);
            if (c == '"') {
                line.append('"');
            }
        }
        line.append('"');
    }

    private void decimal(long hundredths) {
        if (hundredths < 0) {
            line.append('-');
            hundredths = -hundredths;
        }
        long fraction = hundredths % 100;
        line.append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }

    private void timestamp(long epochMicros) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), 0, ZoneOffset.UTC);
        line.append(time.getYear()).append('-');
        twoDigits(time.getMonthValue());
        line.append('-');
        twoDigits(time.getDayOfMonth());
        line.append(' ');
        twoDigits(time.getHour());
        line.append(':');
        twoDigits(time.getMinute());
        line.append(':');
        twoDigits(time.getSecond());
        line.append('.');
        String micros = Long.toString(Math.floorMod(epochMicros, 1_000_000L));
        line.append("000000", micros.length(), 6).append(micros);
    }

    private void twoDigits(int value) {
        if (value < 10) {
            line.append('0');
        }
        line.append(value);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
