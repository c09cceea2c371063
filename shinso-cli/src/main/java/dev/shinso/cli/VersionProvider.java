package dev.shinso.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, so it follows the pom. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "shinso " + (v == null ? "(development build)" : v),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
