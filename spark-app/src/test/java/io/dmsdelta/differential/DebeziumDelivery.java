package io.dmsdelta.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How Kafka and the S3 sink deliver a {@link DebeziumHistory}'s events: each to its key's partition (a truncate to
 * partition 0), a Kafka tombstone ({@code null}) after most deletes, at least once: now and then a single record
 * produced again, and now and then a connector restart that produces an earlier slice of the partition again (new
 * offsets, later files). Each partition's records are cut into sink files in offset order, a key change whose
 * {@code c} carries the placeholder never cut from its {@code d}; the files of all partitions are then put in one
 * random arrival order that keeps each partition's own.
 */
final class DebeziumDelivery {

    /** A sink file: its partition, its start offset, its records (null is a Kafka tombstone). */
    record SinkFile(int partition, long offset, List<DebeziumHistory.Event> records) {
        String name(String topic) {
            return "partition=" + partition + "/" + topic + "+" + partition + "+" + String.format("%010d", offset)
                    + ".json";
        }

        String[] lines(String schema, String table) {
            return records.stream().map(e -> e == null ? "null" : e.json(schema, table)).toArray(String[]::new);
        }
    }

    /** What the faults amounted to, for the failure message. */
    int replays;
    int replayedRecords;
    int duplicates;
    int tombstones;

    private final Random random;

    DebeziumDelivery(Random random) {
        this.random = random;
    }

    /** The sink files of all partitions in the order they arrive. */
    List<SinkFile> files(List<DebeziumHistory.Event> events) {
        List<List<List<DebeziumHistory.Event>>> units = new ArrayList<>();
        for (int p = 0; p < DebeziumHistory.PARTITIONS; p++) {
            units.add(new ArrayList<>());
        }
        DebeziumHistory.Event previous = null;
        for (DebeziumHistory.Event event : events) {
            List<List<DebeziumHistory.Event>> partition = units.get(event.partition());
            boolean keptWithItsDelete = event.placeholder() && event.movedFrom() != null && previous != null
                    && previous.op() == 'd' && previous.lsn() == event.lsn()
                    && previous.partition() == event.partition();
            if (keptWithItsDelete) {
                partition.get(partition.size() - 1).add(event);
            } else {
                faults(partition);
                List<DebeziumHistory.Event> unit = new ArrayList<>();
                unit.add(event);
                partition.add(unit);
            }
            if (event.op() == 'd' && random.nextInt(5) != 0) {
                partition.get(partition.size() - 1).add(null);
                tombstones++;
            }
            previous = event;
        }
        List<List<SinkFile>> perPartition = new ArrayList<>();
        for (int p = 0; p < DebeziumHistory.PARTITIONS; p++) {
            faults(units.get(p));
            perPartition.add(cut(p, units.get(p)));
        }
        // Arrival: a random interleaving that keeps each partition's order.
        List<SinkFile> arrival = new ArrayList<>();
        int[] next = new int[DebeziumHistory.PARTITIONS];
        while (Arrays.stream(next).sum() < perPartition.stream().mapToInt(List::size).sum()) {
            int p = random.nextInt(DebeziumHistory.PARTITIONS);
            if (next[p] < perPartition.get(p).size()) {
                arrival.add(perPartition.get(p).get(next[p]++));
            }
        }
        return arrival;
    }

    /** Before the partition's next record: maybe one record produced again, maybe a restart's replay. */
    private void faults(List<List<DebeziumHistory.Event>> partition) {
        List<DebeziumHistory.Event> records = partition.stream().flatMap(List::stream).toList();
        if (records.isEmpty()) {
            return;
        }
        if (random.nextInt(30) == 0) {
            // A producer retry: one of the last few records again.
            int from = Math.max(0, records.size() - 8);
            List<DebeziumHistory.Event> again = new ArrayList<>();
            again.add(records.get(from + random.nextInt(records.size() - from)));
            partition.add(again);
            duplicates++;
        }
        if (random.nextInt(60) == 0) {
            // A connector restart: every record since an earlier committed offset again, each cut as any other.
            int from = random.nextInt(records.size());
            int length = 1 + random.nextInt(Math.min(40, records.size() - from));
            for (DebeziumHistory.Event record : records.subList(from, from + length)) {
                List<DebeziumHistory.Event> unit = new ArrayList<>();
                unit.add(record);
                partition.add(unit);
                replayedRecords++;
            }
            replays++;
        }
    }

    /** The partition's records cut into files of about six records, offsets counted from 0. */
    private List<SinkFile> cut(int partition, List<List<DebeziumHistory.Event>> units) {
        List<SinkFile> files = new ArrayList<>();
        List<DebeziumHistory.Event> records = new ArrayList<>();
        long offset = 0;
        for (List<DebeziumHistory.Event> unit : units) {
            records.addAll(unit);
            if (random.nextInt(6) == 0) {
                files.add(new SinkFile(partition, offset, nullable(records)));
                offset += records.size();
                records = new ArrayList<>();
            }
        }
        if (!records.isEmpty()) {
            files.add(new SinkFile(partition, offset, nullable(records)));
        }
        return files;
    }

    /** {@link List#copyOf} refuses nulls (the Kafka tombstones). */
    private static List<DebeziumHistory.Event> nullable(List<DebeziumHistory.Event> records) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(records));
    }
}
