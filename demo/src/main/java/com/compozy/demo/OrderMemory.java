package com.compozy.demo;

import com.compozy.monitoring.memory.MonitoredMemoryOperation;
import com.compozy.monitoring.memory.ProjectId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The orders' memory: what happened to each order, in a few notes, written by the activities and
 * shown by {@code GET /api/v1/workflows/{id}}. Every method is a monitored memory operation
 * ({@code compozy_memory_operation_duration_seconds{operation="append"|"read"|"forget"}}) of one
 * memory, {@value #ID}, in the project of the order's Temporal namespace.
 */
@ApplicationScoped
@MonitoredMemoryOperation(memoryId = OrderMemory.ID)
public class OrderMemory {
  static final String ID = "order-notes";

  private final Map<String, List<String>> notes = new ConcurrentHashMap<>();

  public void append(@ProjectId String namespace, String orderId, String note) {
    notes.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(note);
  }

  public List<String> read(@ProjectId String namespace, String orderId) {
    return List.copyOf(notes.getOrDefault(orderId, List.of()));
  }

  public void forget(@ProjectId String namespace, String orderId) {
    notes.remove(orderId);
  }
}
