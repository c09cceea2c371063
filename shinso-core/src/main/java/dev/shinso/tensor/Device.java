package dev.shinso.tensor;

/** Where a tensor's storage lives. Only the CPU exists in v0.1; CUDA devices come with shinso-cuda. */
public record Device(String type, int index) {
  public static final Device CPU = new Device("cpu", 0);

  @Override
  public String toString() {
    return type.equals("cpu") ? "cpu" : type + ":" + index;
  }
}
