package dev.shinso.distributed;

import java.io.Serializable;
import java.util.List;

/** What a replica reports when its run ends: the epochs it trained and, if it resumed, from where. */
public record RankReport(int rank, List<EpochRow> epochs, String resumed) implements Serializable {}
