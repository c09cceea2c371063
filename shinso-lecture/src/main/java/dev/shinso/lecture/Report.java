package dev.shinso.lecture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment found: tables to print, named metrics (what its test asserts and the index
 * page lists), figures to draw, and a one-line conclusion. Built with the fluent methods.
 */
public final class Report {
  private final String experiment;
  private final String claim;
  private final List<Table> tables = new ArrayList<>();
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Report(Experiment e) {
    this.experiment = e.name();
    this.claim = e.claim();
  }

  public Report table(Table t) {
    tables.add(t);
    return this;
  }

  public Report metric(String name, double value) {
    metrics.put(name, value);
    return this;
  }

  public Report figure(Figure f) {
    figures.add(f);
    return this;
  }

  /** A sentence printed under the tables, e.g. the convention used or what the numbers show. */
  public Report note(String text) {
    notes.add(text);
    return this;
  }

  public String experiment() {
    return experiment;
  }

  public String claim() {
    return claim;
  }

  public List<Table> tables() {
    return List.copyOf(tables);
  }

  /** The metrics in the order they were added (the order the CLI writes them in). */
  public Map<String, Double> metrics() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** A metric by name; fails naming the metrics there are when it is missing. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) throw new IllegalArgumentException(experiment + ": no metric '" + name + "'; metrics: " + metrics.keySet());
    return v;
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Tables and notes as plain text for the terminal. */
  public String toText() {
    StringBuilder sb = new StringBuilder("== ").append(experiment).append(": ").append(claim).append('\n');
    for (Table t : tables) sb.append('\n').append(t.toText());
    for (String n : notes) sb.append('\n').append(n).append('\n');
    return sb.toString();
  }
}
