package dev.shinso.cuda.driver;

import java.util.function.Supplier;

/**
 * A library binding made on first use, or the one-line reason it could not be: a missing library
 * stays missing for the life of the process, so the failure is remembered too.
 */
final class Once<T> {
  private final Supplier<T> make;
  private volatile T value;
  private String failure;

  Once(Supplier<T> make) {
    this.make = make;
  }

  T get() {
    T v = value;
    if (v != null) return v;
    synchronized (this) {
      if (value == null && failure == null) {
        try {
          value = make.get();
        } catch (IllegalStateException e) {
          failure = e.getMessage();
        }
      }
      if (value == null) throw new IllegalStateException(failure);
      return value;
    }
  }
}
