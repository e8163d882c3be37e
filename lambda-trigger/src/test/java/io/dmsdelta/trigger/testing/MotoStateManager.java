package io.dmsdelta.trigger.testing;

import io.dmsdelta.testing.MotoServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * moto's state manager ({@code /moto-api/state-manager}): how moto moves the resources of a model (such as
 * {@code glue::job_run}: STARTING, RUNNING, SUCCEEDED) through their states as clients describe them. A transition
 * holds for every client of the server, so only one test class at a time may set one for a model.
 */
public final class MotoStateManager {

    private final MotoServer moto;

    public MotoStateManager(MotoServer moto) {
        this.moto = Objects.requireNonNull(moto, "moto");
    }

    /**
     * @param transition as moto documents it: {@code {"progression": "manual", "times": 1}} moves a resource one
     *                   state on each time it has been described once
     */
    public void set(String model, String transition) {
        post("set-transition", "{\"model_name\": \"" + model + "\", \"transition\": " + transition + "}");
    }

    /** Back to the model's default transition. */
    public void unset(String model) {
        post("unset-transition", "{\"model_name\": \"" + model + "\"}");
    }

    private void post(String action, String body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(moto.endpoint()
                    + "/moto-api/state-manager/" + action).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            if (status != 201) {
                throw new IllegalStateException("moto's state manager answered " + action + " " + body + " with HTTP "
                        + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto's state manager did not answer " + action + " " + body, e);
        }
    }
}
