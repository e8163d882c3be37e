package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;

import java.util.SplittableRandom;

/**
 * The generated history, one change at a time: which operation (drawn without replacement, so the counts of
 * the mix are met exactly) on which key. Inserts take a new id above all others; updates and deletes fall on
 * a key that is live at that point ({@link KeyChooser}), never on one that does not exist.
 */
final class ChangePlanner {

    /** One CDC row to write: its operation ({@code I}, {@code U}, {@code D}) and key. */
    record Change(char op, long id) {
    }

    /** The most keys a repeat chooses among, whatever the file size: 8 MB. */
    private static final int MAX_RECENT = 1 << 20;

    private final KeyRegistry keys;
    private final KeyChooser chooser;
    private final SplittableRandom random;
    private long updatesLeft;
    private long insertsLeft;
    private long deletesLeft;
    private long planned;

    ChangePlanner(WorkloadSpec spec, SplittableRandom random) {
        OperationMix.Counts counts = spec.mix().counts(spec.changes());
        this.random = random;
        this.keys = new KeyRegistry(spec.rows(), spec.changes());
        long perFile = spec.files() == 0 ? 0 : (spec.changes() + spec.files() - 1) / spec.files();
        this.chooser = new KeyChooser(keys, random, spec.keys(), spec.changes(),
                KeyChooser.repeatChance(spec.repeatPercent(), counts), (int) Math.min(MAX_RECENT, 2 * perFile));
        this.updatesLeft = counts.updates();
        this.insertsLeft = counts.inserts();
        this.deletesLeft = counts.deletes();
    }

    KeyRegistry keys() {
        return keys;
    }

    /**
     * @throws ConfigException when an update or delete is due but no row is live and no insert is left (the mix
     *                         deletes more rows than the table ever holds)
     * @throws IllegalStateException when every planned change was made already
     */
    Change next() {
        long left = updatesLeft + insertsLeft + deletesLeft;
        if (left == 0) {
            throw new IllegalStateException("all " + planned + " changes were planned already");
        }
        long draw = random.nextLong(left);
        char op = draw < updatesLeft ? 'U' : draw < updatesLeft + insertsLeft ? 'I' : 'D';
        long id = op == 'I' ? -1 : chooser.pick();
        if (op != 'I' && id < 0) {
            if (insertsLeft == 0) {
                throw new ConfigException("After " + planned + " changes no row is left to update or delete: the"
                        + " mix deletes more rows than the table holds. Raise --rows or the insert share of --mix.");
            }
            op = 'I'; // no live key yet: insert first, the update or delete stays due
        }
        switch (op) {
            case 'I' -> {
                insertsLeft--;
                id = keys.insert();
            }
            case 'U' -> {
                updatesLeft--;
                keys.update(id);
            }
            default -> {
                deletesLeft--;
                keys.delete(id);
            }
        }
        chooser.changed(id);
        planned++;
        return new Change(op, id);
    }
}
