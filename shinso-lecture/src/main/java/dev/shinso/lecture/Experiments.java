package dev.shinso.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The lecture's experiments in the lecture's order, by name. */
public final class Experiments {
  /** name → class in dev.shinso.lecture.experiments, in the order the lecture makes the claims. */
  private static final List<String[]> ORDER = List.of(
      new String[] {"neuron", "Neuron"},
      new String[] {"perceptron", "Perceptron"},
      new String[] {"backprop-xor", "BackpropXor"},
      new String[] {"basis-functions", "BasisFunctions"},
      new String[] {"universal-approximation", "UniversalApproximation"},
      new String[] {"weight-sharing", "WeightSharing"},
      new String[] {"depth", "Depth"},
      new String[] {"kaiming", "Kaiming"},
      new String[] {"resnet", "ResNetVsPlain"},
      new String[] {"dropout", "DropoutRegularisation"},
      new String[] {"optimizers", "Optimizers"},
      new String[] {"transfer", "Transfer"},
      new String[] {"benign-overfitting", "BenignOverfitting"});

  private Experiments() {}

  /** Every experiment, in order. */
  public static List<Experiment> all() {
    List<Experiment> out = new ArrayList<>();
    for (String[] e : ORDER) load(e[1]).ifPresent(out::add);
    return out;
  }

  public static List<String> names() {
    return all().stream().map(Experiment::name).toList();
  }

  /** The experiment called name; an unknown name lists the valid ones. */
  public static Experiment byName(String name) {
    return all().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown experiment '" + name + "'; valid experiments: " + String.join(", ", names())));
  }

  private static Optional<Experiment> load(String simpleName) {
    try {
      Class<?> c = Class.forName("dev.shinso.lecture.experiments." + simpleName);
      return Optional.of((Experiment) c.getDeclaredConstructor().newInstance());
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create experiment " + simpleName, e);
    }
  }
}
