package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.delta.tables.DeltaTable;
import io.dmsdelta.spark.SparkSessions;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints rows of Delta tables dms-delta maintains, sorted by all columns.")
final class ShowCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Option(names = "--target", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>", description = "Warehouse root, as given to run.")
    String target;

    @Option(names = "--table", required = true, paramLabel = "<schema.table>", description = "Table to show (repeatable).")
    List<String> tables;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Rows to print per table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.getOrCreate();
        PrintWriter out = spec.commandLine().getOut();
        for (String name : tables) {
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                throw new ConfigException("--table " + name + " must be schema.table.");
            }
            String path = new Path(new Path(target, name.substring(0, dot)), name.substring(dot + 1)).toString();
            if (!DeltaTable.isDeltaTable(spark, path)) {
                throw new ConfigException("There is no Delta table for " + name + " at " + path + "; has run loaded it?");
            }
            Dataset<Row> rows = spark.read().format("delta").load(path);
            Column[] order = Arrays.stream(rows.columns()).map(c -> col(c)).toArray(Column[]::new);
            long count = rows.count();
            long version = DeltaTable.forPath(spark, path).history(1).first().getLong(0);
            out.println(name + " (" + count + " rows, Delta version " + version + ")");
            // Dataset.show prints to Scala's Console; showString, which PySpark's show calls, returns the same text.
            out.println(rows.orderBy(order).showString(limit, 0, false));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
