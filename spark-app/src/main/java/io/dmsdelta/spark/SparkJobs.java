package io.dmsdelta.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Counts the Spark jobs a piece of work starts (a table's sync), while other work runs beside it in the same Spark
 * application. The work's thread sets the local property {@value #PROPERTY}, as it sets its scheduler pool; Spark
 * copies a thread's local properties into each job it submits and into the threads it starts (Spark SQL's and
 * Delta's own thread pools pass on those of the thread that gives them work), and a listener, registered once per
 * {@link SparkContext}, counts each job's start under the work its property names. Jobs without the property are
 * counted nowhere.
 *
 * <p>Spark delivers listener events asynchronously, so when the work returns, its last jobs' starts may not have
 * reached the listener yet. They have been posted, though: the scheduler posts a job's start before it runs the job,
 * so before the work, which waits for its jobs, goes on. The count is therefore completed by posting a marker event
 * once the work is done and waiting for the listener to receive it: events of a listener's queue are delivered in the
 * order they were posted, so every start of the work's jobs came before it. Unlike waiting for the listener bus to be
 * empty, this does not wait for the events other tables' work keeps posting. The listener has a queue of its own, so
 * no slow listener delays the marker, and its work per event is a lookup and an increment, so the queue keeps up.
 */
public final class SparkJobs extends SparkListener {

    /** The local property naming the work a job belongs to: unique to one count. */
    public static final String PROPERTY = "dmsdelta.counted.work";

    private static final Logger LOG = LoggerFactory.getLogger(SparkJobs.class);
    private static final String QUEUE = "dmsDeltaJobs";
    private static final long DELIVERY_TIMEOUT_MS = 60_000;
    private static final Map<SparkContext, SparkJobs> LISTENERS = new WeakHashMap<>();
    private static final AtomicLong COUNTS = new AtomicLong();

    /** Jobs started so far by each work being counted. */
    private final Map<String, AtomicInteger> counting = new ConcurrentHashMap<>();

    private SparkJobs() {
    }

    /**
     * What a piece of work returned, and how many Spark jobs it started.
     *
     * @param jobs null when Spark's listener bus did not deliver the count in time (it is stopping, or overloaded)
     */
    public record Counted<T>(T result, Integer jobs) {
    }

    /**
     * Runs {@code work} on this thread, counting the Spark jobs it starts (with those of the threads it starts); the
     * jobs of a count inside it are that count's only.
     *
     * @param name what the work is, in the property's value (with a number that makes it unique)
     */
    public static <T> Counted<T> count(SparkContext context, String name, Supplier<T> work) {
        SparkJobs listener = of(context);
        String id = requireNonNull(name, "name") + "#" + COUNTS.incrementAndGet();
        listener.counting.put(id, new AtomicInteger());
        String outer = context.getLocalProperty(PROPERTY);
        try {
            T result;
            context.setLocalProperty(PROPERTY, id);
            try {
                result = work.get();
            } finally {
                context.setLocalProperty(PROPERTY, outer);
            }
            return new Counted<>(result, listener.delivered(context, id));
        } finally {
            listener.counting.remove(id);
        }
    }

    private static synchronized SparkJobs of(SparkContext context) {
        return LISTENERS.computeIfAbsent(context, c -> {
            SparkJobs listener = new SparkJobs();
            c.listenerBus().addToQueue(listener, QUEUE);
            return listener;
        });
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        Properties properties = jobStart.properties();
        String id = properties == null ? null : properties.getProperty(PROPERTY);
        AtomicInteger jobs = id == null ? null : counting.get(id);
        if (jobs != null) {
            jobs.incrementAndGet();
        }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof Marker marker) {
            AtomicInteger jobs = counting.get(marker.id());
            marker.jobs().complete(jobs == null ? null : jobs.get());
        }
    }

    /** The work's count, once every event posted before now has reached this listener. */
    private Integer delivered(SparkContext context, String id) {
        if (context.isStopped()) {
            return null; // a stopped bus delivers nothing more
        }
        Marker marker = new Marker(id, new CompletableFuture<>());
        context.listenerBus().post(marker);
        try {
            return marker.jobs().get(DELIVERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Spark's listener bus did not deliver the count of {}'s Spark jobs in {} s; it is left out", id,
                    DELIVERY_TIMEOUT_MS / 1000);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Posted after the counted work: the listener answers with the count when it receives it. */
    private record Marker(String id, CompletableFuture<Integer> jobs) implements SparkListenerEvent {
        /** Not an event of the application's: the event log leaves it out. */
        @Override
        public boolean logEvent() {
            return false;
        }
    }
}
