package io.dmsdelta.dms;

/**
 * Which optional groups of trailing columns a headerless file carries after the table's base columns: how many of
 * the definition's {@code addedLater} columns (always a prefix of them, in order), then, or not, the before-image
 * columns. DMS only ever appends such groups as a task lives on (a source column added, a mapping rule added), so
 * files in commit order carry the same groups or more.
 *
 * @param addedLaterColumns how many of the {@code addedLater} columns the file has
 * @param beforeImages      whether it has the before-image columns
 */
public record TrailingGroups(int addedLaterColumns, boolean beforeImages) {

    /** A file with the base columns alone: what files written before any group existed look like. */
    public static final TrailingGroups NONE = new TrailingGroups(0, false);

    public TrailingGroups {
        if (addedLaterColumns < 0) {
            throw new IllegalArgumentException("addedLaterColumns " + addedLaterColumns);
        }
    }

    /** Whether a file with these groups can follow one with {@code earlier}: it dropped none of its groups. */
    public boolean keeps(TrailingGroups earlier) {
        return addedLaterColumns >= earlier.addedLaterColumns && (beforeImages || !earlier.beforeImages);
    }

    /** For messages: {@code 2 addedLater columns and before-images}. */
    public String describe() {
        String added = addedLaterColumns == 0 ? "no addedLater column"
                : addedLaterColumns == 1 ? "1 addedLater column" : addedLaterColumns + " addedLater columns";
        return added + (beforeImages ? " and before-image columns" : ", no before-image columns");
    }
}
