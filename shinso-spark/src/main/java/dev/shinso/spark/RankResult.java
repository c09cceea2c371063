package dev.shinso.spark;

import java.io.Serializable;

/** What one barrier task sends back to the driver: its rank, so the driver can order them, and its value. */
record RankResult<R extends Serializable>(int rank, R value) implements Serializable {}
