package dev.shinso.autograd;

/** What a hook registration returns: {@link #remove()} unregisters the hook (PyTorch's RemovableHandle). */
@FunctionalInterface
public interface HookHandle {
  void remove();
}
