package io.dmsdelta.trigger.glue;

import io.dmsdelta.trigger.testing.WithGlueStub;
import io.dmsdelta.trigger.testing.GlueStub.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which Glue errors a start retries; the exact requests are asserted in the handler test. */
class GlueJobStarterTest extends WithGlueStub {

    private static final String SOURCE = "s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv";

    private final List<String> log = new ArrayList<>();

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({
            "ConcurrentRunsExceededException, 400",
            "ResourceNumberLimitExceededException, 400",
            "ThrottlingException, 400",
            "InternalServiceException, 500",
            "OperationTimeoutException, 400",
            "ServiceUnavailableException, 503",
    })
    void retriesRefusalsThrottlingAndServerErrors(String errorType, int status) {
        glue.failNext(Operation.START_JOB_RUN, 1, status, errorType);

        String runId = starter(3).start(SOURCE, log::add);

        assertEquals("jr_2", runId);
        assertEquals(2, glue.requests().size());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("Glue did not start job 'dms-delta-apply' for " + SOURCE
                + " (attempt 1 of 3): "), log.get(0));
    }

    @Test
    void doesNotRetryAccessDenied() {
        glue.failNext(Operation.START_JOB_RUN, 1, 400, "AccessDeniedException");

        JobStartException e = assertThrows(JobStartException.class, () -> starter(3).start(SOURCE, log::add));

        assertEquals(1, glue.requests().size());
        assertInstanceOf(AccessDeniedException.class, e.getCause());
        assertTrue(e.getMessage().endsWith("Not retried: allow glue:StartJobRun on the job in the function's"
                + " execution role."), e.getMessage());
    }

    @Test
    void retriesWhenGlueCannotBeReached() {
        glue.close();

        JobStartException e = assertThrows(JobStartException.class, () -> starter(2).start(SOURCE, log::add));

        assertInstanceOf(SdkClientException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("Glue job 'dms-delta-apply' was not started for " + SOURCE
                + ": 2 attempt(s) failed, the last with SdkClientException: "), e.getMessage());
        assertEquals(1, log.size(), log.toString());
    }

    private GlueJobStarter starter(int attempts) {
        return new GlueJobStarter(client, "dms-delta-apply", new GlueRetry(attempts, 1));
    }
}
