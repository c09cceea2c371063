package dev.shinso.lecture;

import dev.shinso.lecture.experiments.BackpropXor;
import dev.shinso.lecture.experiments.BasisFunctions;
import dev.shinso.lecture.experiments.BenignOverfitting;
import dev.shinso.lecture.experiments.Depth;
import dev.shinso.lecture.experiments.DropoutRegularisation;
import dev.shinso.lecture.experiments.Kaiming;
import dev.shinso.lecture.experiments.Neuron;
import dev.shinso.lecture.experiments.Optimizers;
import dev.shinso.lecture.experiments.Perceptron;
import dev.shinso.lecture.experiments.ResNetVsPlain;
import dev.shinso.lecture.experiments.Transfer;
import dev.shinso.lecture.experiments.UniversalApproximation;
import dev.shinso.lecture.experiments.WeightSharing;
import java.util.List;

/** The lecture's experiments in the order the lecture makes its claims, by name. */
public final class Experiments {
  private Experiments() {}

  /** Every experiment, in order (new instances: experiments hold no state between runs). */
  public static List<Experiment> all() {
    return List.of(new Neuron(), new Perceptron(), new BackpropXor(), new BasisFunctions(),
        new UniversalApproximation(), new WeightSharing(), new Depth(), new Kaiming(), new ResNetVsPlain(),
        new DropoutRegularisation(), new Optimizers(), new Transfer(), new BenignOverfitting());
  }

  public static List<String> names() {
    return all().stream().map(Experiment::name).toList();
  }

  /** The experiment called name; an unknown name lists the valid ones. */
  public static Experiment byName(String name) {
    return all().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown experiment '" + name + "'; valid experiments: " + String.join(", ", names())));
  }
}
