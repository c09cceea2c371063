package dev.shinso.testing.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a fuzz property's tries from the system property {@value #PROPERTY}: {@value #CI_TRIES} in the
 * normal test run, 10000 in a benchmark run ({@code -Dshinso.fuzz.tries=10000}). {@code @Property(tries)}
 * takes only a constant, and jqwik's own {@code jqwik.tries.default} would change every property test.
 */
public final class FuzzTries implements AroundPropertyHook {
  public static final String PROPERTY = "shinso.fuzz.tries";
  public static final int CI_TRIES = 500;

  public static int tries() {
    return Integer.getInteger(PROPERTY, CI_TRIES);
  }

  /** Registered on a test class, the hook reaches the class's properties only if it propagates. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().setTries(tries());
    return property.execute();
  }
}
