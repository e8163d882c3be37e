package io.dmsdelta.source.debezium;

/**
 * What a bare number in a timestamp column means when the table definition names no encoding: the connector's
 * adaptive default (PostgreSQL {@code timestamp(4-6)} gives microseconds, MySQL {@code datetime} milliseconds).
 */
public enum TimestampDefault {
    MILLIS,
    MICROS
}
