package dev.shinso.distributed;

import java.io.Serializable;

/**
 * One epoch of a data-parallel run, over all replicas: training loss and accuracy of the global
 * batches, test loss and accuracy, the epoch's seconds, and the steps it trained (fewer than an
 * epoch's when the run resumed mid-epoch).
 */
public record EpochRow(int epoch, double loss, double accuracy, double testLoss, double testAccuracy, double seconds,
    int steps) implements Serializable {}
