package io.dmsdelta.trigger.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;

/** A test class whose every test gets a fresh local Glue stub and an SDK client pointed at it. */
public abstract class WithGlueStub {

    protected GlueStub glue;
    protected GlueClient client;

    @BeforeEach
    void startGlue() throws IOException {
        glue = GlueStub.start();
        client = glue.client();
    }

    @AfterEach
    void stopGlue() {
        client.close();
        glue.close();
    }
}
