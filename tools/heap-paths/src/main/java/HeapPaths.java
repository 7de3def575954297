import java.io.File;
import java.util.*;
import shark.*;

/**
 * Why is an object alive? For every instance of a class named on the command line, the shortest
 * path of strong references from a GC root; where there is none, the shortest path that crosses
 * a SoftReference (the referent of a soft reference counted as an edge). Weak, phantom and final
 * references are never edges. Usage: see pom.xml.
 */
public class HeapPaths {
  public static void main(String[] args) throws Exception {
    File file = new File(args[0]);
    Set<String> targets = new HashSet<>(Arrays.asList(args).subList(1, args.length));
    try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(file, null,
        HprofIndex.Companion.defaultIndexedGcRootTags())) {
      int n = graph.getObjectCount();
      System.out.println("objects: " + n + ", gc roots: " + graph.getGcRoots().size());
      List<HeapObject.HeapInstance> found = new ArrayList<>();
      for (Iterator<HeapObject.HeapInstance> it = graph.getInstances().iterator(); it.hasNext(); ) {
        HeapObject.HeapInstance i = it.next();
        if (targets.contains(i.getInstanceClassName())) found.add(i);
      }
      System.out.println("instances of " + targets + ": " + found.size());
      Search strong = new Search(graph, false);
      Search soft = null;
      Map<String, Integer> summary = new TreeMap<>();
      for (HeapObject.HeapInstance target : found) {
        String path = strong.path(target.getObjectId());
        String kind = "strong";
        if (path == null) {
          if (soft == null) soft = new Search(graph, true);
          path = soft.path(target.getObjectId());
          kind = path == null ? "unreachable" : "soft";
        }
        System.out.println("\n== " + target + " [" + kind + "]\n" + path);
        summary.merge(kind + (path == null ? "" : " via " + firstInteresting(path)), 1, Integer::sum);
      }
      System.out.println("\nsummary:");
      summary.forEach((k, v) -> System.out.println(v + "  " + k));
    }
  }

  static String firstInteresting(String path) {
    String[] lines = path.split("\n");
    return lines.length > 1 ? lines[1].trim() : lines[0].trim();
  }

  static final class Search {
    final HeapGraph graph;
    final HashMap<Long, Long> parent = new HashMap<>();
    final HashMap<Long, String> via = new HashMap<>();
    final Map<String, String> labels = new HashMap<>();

    Search(HeapGraph graph, boolean throughSoft) {
      this.graph = graph;
      ArrayDeque<Long> queue = new ArrayDeque<>();
      for (GcRoot root : graph.getGcRoots()) {
        long id = root.getId();
        if (graph.objectExists(id) && !parent.containsKey(id)) {
          parent.put(id, -1L);
          via.put(id, label("root " + root.getClass().getSimpleName()));
          queue.add(id);
        }
      }
      long visited = 0;
      while (!queue.isEmpty()) {
        long self = queue.poll();
        visited++;
        HeapObject o = graph.findObjectById(self);
        if (o instanceof HeapObject.HeapInstance) {
          HeapObject.HeapInstance i = (HeapObject.HeapInstance) o;
          edge(queue, self, i.getInstanceClassId(), "(class)");
          boolean reference = i.instanceOf("java.lang.ref.Reference");
          boolean softReference = i.instanceOf("java.lang.ref.SoftReference");
          for (Iterator<HeapField> it = i.readFields().iterator(); it.hasNext(); ) {
            HeapField f = it.next();
            Long id = f.getValue().getAsObjectId();
            if (id == null || id == 0) continue;
            if (reference && f.getDeclaringClass().getName().equals("java.lang.ref.Reference")
                && (f.getName().equals("referent") || f.getName().equals("discovered"))) {
              if (!(throughSoft && softReference && f.getName().equals("referent"))) continue;
            }
            edge(queue, self, id, f.getDeclaringClass().getName() + "." + f.getName());
          }
        } else if (o instanceof HeapObject.HeapObjectArray) {
          long[] ids = ((HeapObject.HeapObjectArray) o).readRecord().getElementIds();
          for (long id : ids) {
            if (id != 0) edge(queue, self, id, "[]");
          }
        } else if (o instanceof HeapObject.HeapClass) {
          HeapObject.HeapClass c = (HeapObject.HeapClass) o;
          for (Iterator<HeapField> it = c.readStaticFields().iterator(); it.hasNext(); ) {
            HeapField f = it.next();
            Long id = f.getValue().getAsObjectId();
            if (id != null && id != 0) edge(queue, self, id, "static " + f.getName());
          }
          long loader = c.readRecord().getClassLoaderId();
          if (loader != 0) edge(queue, self, loader, "(class loader)");
        }
      }
      System.out.println((throughSoft ? "soft" : "strong") + " search visited " + visited);
    }

    private String label(String s) {
      return labels.computeIfAbsent(s, x -> x);
    }

    private void edge(ArrayDeque<Long> queue, long from, long to, String name) {
      if (parent.containsKey(to) || !graph.objectExists(to)) return;
      parent.put(to, from);
      via.put(to, label(name));
      queue.add(to);
    }

    String path(long target) {
      if (!parent.containsKey(target)) return null;
      Deque<String> lines = new ArrayDeque<>();
      for (long i = target; i != -1L; i = parent.get(i)) {
        lines.addFirst("  " + describe(graph.findObjectById(i)) + "   <- " + via.get(i));
      }
      return String.join("\n", lines);
    }

    private static String describe(HeapObject o) {
      if (o instanceof HeapObject.HeapInstance) return ((HeapObject.HeapInstance) o).getInstanceClassName() + "@" + Long.toHexString(o.getObjectId());
      if (o instanceof HeapObject.HeapObjectArray) return ((HeapObject.HeapObjectArray) o).getArrayClassName();
      if (o instanceof HeapObject.HeapClass) return "class " + ((HeapObject.HeapClass) o).getName();
      return o.toString();
    }
  }
}
