package io.dmsdelta.dms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of files in commit order with the layout each was written with, decided before any bulk read.
 *
 * @param files      every file of the batch, in commit order (empty files included: they apply nothing)
 * @param layouts    the layout of each file that holds rows, in commit order
 * @param lastGroups the trailing groups of the batch's last headerless file, or what was known before the batch
 *                   when it has none: the next batch starts from it
 */
public record ReadPlan(List<DmsFile> files, List<Planned> layouts, TrailingGroups lastGroups) {

    public record Planned(DmsFile file, FileLayout layout) {
    }

    public ReadPlan {
        files = List.copyOf(files);
        layouts = List.copyOf(layouts);
        java.util.Objects.requireNonNull(lastGroups, "lastGroups");
    }

    /** Files that share a layout, which Spark reads in one go; groups in order of their first file. */
    public Map<FileLayout, List<DmsFile>> byLayout() {
        Map<FileLayout, List<DmsFile>> groups = new LinkedHashMap<>();
        layouts.forEach(p -> groups.computeIfAbsent(p.layout(), l -> new ArrayList<>()).add(p.file()));
        return groups;
    }
}
