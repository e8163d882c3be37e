package io.dmsdelta.bench;

import io.dmsdelta.generate.DataSetWriter;
import io.dmsdelta.generate.WorkloadManifest;
import io.dmsdelta.generate.WorkloadSpec;
import io.dmsdelta.report.Progress;

import java.util.Locale;

/**
 * The generated data sets the benchmark needs, each in {@code <work>/data/<name from its options>}: reused when
 * a complete one with the same options is there (generation is deterministic), generated afresh otherwise.
 */
final class DataSets {

    private final Workspace workspace;
    private final Progress progress;

    DataSets(Workspace workspace, Progress progress) {
        this.workspace = workspace;
        this.progress = progress;
    }

    GeneratedDataSet ensure(WorkloadSpec spec) {
        GeneratedDataSet data = new GeneratedDataSet(spec, workspace.dataSet(name(spec)));
        if (WorkloadManifest.matches(data.root(), spec)) {
            progress.table("bench", "reusing the data set in " + data.root());
            return data;
        }
        Workspace.delete(data.root());
        progress.table("bench", "generating " + data.root());
        new DataSetWriter(progress).write(spec, data.root());
        return data;
    }

    /** A folder name that differs whenever the options do. */
    static String name(WorkloadSpec spec) {
        return String.format(Locale.ROOT, "%s.%s-rows%d-load%d-changes%d-files%d-mix%d.%d.%d-repeat%d-%s-seed%d",
                spec.schema(), spec.table(), spec.rows(), spec.loadFiles(), spec.changes(), spec.files(), spec.mix().updates(),
                spec.mix().inserts(), spec.mix().deletes(), spec.repeatPercent(),
                spec.keys().name().toLowerCase(Locale.ROOT), spec.seed());
    }
}
