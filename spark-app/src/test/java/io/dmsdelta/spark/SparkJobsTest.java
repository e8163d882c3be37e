package io.dmsdelta.spark;

import io.dmsdelta.testing.TestSpark;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The jobs a piece of work starts, counted exactly while other work starts jobs at the same time: each count is
 * complete when the work returns, a thread the work starts counts with it, and jobs of no counted work count nowhere.
 */
class SparkJobsTest {

    private static final SparkContext CONTEXT = TestSpark.get().sparkContext();

    /** Starts exactly {@code n} Spark jobs: one per count of a small RDD. */
    private static int jobs(int n) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(CONTEXT);
        for (int i = 0; i < n; i++) {
            spark.parallelize(List.of(1, 2, 3), 2).count();
        }
        return n;
    }

    @Test
    void eachWorkCountsItsOwnJobsExactlyWhileOthersRunAtTheSameTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CyclicBarrier together = new CyclicBarrier(3);
            Future<SparkJobs.Counted<String>> first = threads.submit(() -> SparkJobs.count(CONTEXT, "first", () -> {
                await(together);
                jobs(3);
                // A thread the work starts inherits what it counts under.
                CompletableFuture<Integer> child = new CompletableFuture<>();
                Thread thread = new Thread(() -> child.complete(jobs(2)));
                thread.start();
                return "first ran " + (jobs(1) + child.join());
            }));
            Future<SparkJobs.Counted<String>> second = threads.submit(() -> SparkJobs.count(CONTEXT, "second",
                    () -> {
                        await(together);
                        return "second ran " + jobs(4);
                    }));
            Future<Integer> uncounted = threads.submit(() -> {
                await(together);
                return jobs(5);
            });

            assertEquals(new SparkJobs.Counted<>("first ran 3", 6), first.get());
            assertEquals(new SparkJobs.Counted<>("second ran 4", 4), second.get());
            assertEquals(5, uncounted.get());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCountInsideAnotherHasItsOwnJobsAndTheOuterItsOthers() {
        SparkJobs.Counted<SparkJobs.Counted<Integer>> outer = SparkJobs.count(CONTEXT, "outer", () -> {
            jobs(1);
            SparkJobs.Counted<Integer> inner = SparkJobs.count(CONTEXT, "inner", () -> jobs(2));
            jobs(1);
            return inner;
        });
        assertEquals(2, outer.result().jobs());
        assertEquals(2, outer.jobs());
        assertEquals(null, CONTEXT.getLocalProperty(SparkJobs.PROPERTY), "nothing counted after the work");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
