package io.dmsdelta.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <output>/workload.json}: the options a data set was generated with and its figures. It is written
 * last, so its presence means the data set is complete; a program that needs a data set (the benchmark
 * harness) reuses one whose manifest names the same options instead of generating it again.
 */
public final class WorkloadManifest {

    public static final String FILE = "workload.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WorkloadManifest() {
    }

    /** Whether {@code output} holds a complete data set generated with exactly these options. */
    public static boolean matches(Path output, WorkloadSpec spec) {
        Path file = output.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode options = JSON.readTree(file.toFile()).path("options");
            return options.equals(JSON.valueToTree(spec.options()));
        } catch (IOException e) {
            return false; // unreadable or cut short: not a complete data set
        }
    }

    static void delete(Path output) {
        try {
            Files.deleteIfExists(output.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + output.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    static void write(GenerationSummary summary) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("options", summary.spec().options());
        manifest.put("figures", summary.figures());
        Path file = summary.output().resolve(FILE);
        try {
            Files.writeString(file, JSON.writeValueAsString(manifest) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
