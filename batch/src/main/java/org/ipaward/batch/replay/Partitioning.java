package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;

/**
 * Which claims' caps can interact, so that groups of them can be replayed apart (in parallel, or on Spark
 * executors) and give exactly what one sequential replay gives. Every claim touches its subject; a claim of
 * a measure that lies in the pool of a cap whose {@code per} lacks {@code subject} (Pinggu's per-alliance
 * cap, once per patent, Jindong's per-project caps …) also touches that cap's objects: the policy with the
 * cap's key dimensions and this claim's values for them (or the whole pool when the cap has no key). Claims
 * that touch a common node, directly or through others, form one partition (union–find). The grouping is
 * never finer than the engine's ledger scopes: two claims whose caps could see each other's awards always
 * share a partition.
 */
public final class Partitioning {
    /** Per policy, per measure: the key-dimension lists (or pool ids for keyless caps) of cross-subject caps. */
    private final Map<String, Map<String, List<Cross>>> cross = new HashMap<>();

    private record Cross(List<String> dims, String poolNode) {}

    public Partitioning(List<Policy> policies) {
        for (Policy p : policies) {
            Map<String, List<Cross>> byMeasure = new HashMap<>();
            for (Measure m : p.measures()) {
                for (Measure.Cap cap : m.caps()) {
                    if (!cap.scoped() || cap.per().contains("subject")) {
                        continue;
                    }
                    List<String> dims = new ArrayList<>();
                    for (String d : cap.per()) {
                        if (!d.equals("year")) {
                            dims.add(d);
                        }
                    }
                    Cross c = dims.isEmpty()
                            ? new Cross(List.of(), "pool\u0000" + p.id() + "\u0000" + m.id() + "\u0000" + cap.id())
                            : new Cross(List.copyOf(new java.util.TreeSet<>(dims)), null);
                    List<String> pool = cap.pool().isEmpty() ? List.of(m.id()) : cap.pool();
                    for (String pm : new LinkedHashSet<>(pool)) {
                        List<Cross> l = byMeasure.computeIfAbsent(pm, k -> new ArrayList<>());
                        if (!l.contains(c)) {
                            l.add(c);
                        }
                    }
                    if (!pool.contains(m.id())) {
                        byMeasure
                                .computeIfAbsent(m.id(), k -> new ArrayList<>())
                                .add(c);
                    }
                }
            }
            cross.put(p.id(), byMeasure);
        }
    }

    /** The nodes a claim touches: its subject, and the objects of any cross-subject cap over its measure. */
    public List<String> nodes(ClaimRow row) {
        List<String> cross = crossNodes(row);
        List<String> out = new ArrayList<>(1 + cross.size());
        out.add("subject\u0000" + row.subjectId());
        out.addAll(cross);
        return out;
    }

    /** The objects of cross-subject caps a claim touches (usually none). */
    public List<String> crossNodes(ClaimRow row) {
        Map<String, List<Cross>> byMeasure = cross.get(row.policy());
        List<Cross> cs = byMeasure == null ? null : byMeasure.get(row.measure());
        if (cs == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(cs.size());
        for (Cross c : cs) {
            if (c.poolNode != null) {
                out.add(c.poolNode);
                continue;
            }
            StringBuilder sb = new StringBuilder("key\u0000").append(row.policy());
            boolean all = true;
            for (String d : c.dims) {
                Object v = row.facts().get(d);
                if (v == null) {
                    all = false; // the cap cannot be held without its key: the claim reads no shared award
                    break;
                }
                sb.append('\u0000').append(d).append('=').append(normal(v));
            }
            if (all) {
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** A fact value as a key, never finer than the engine's: numbers without trailing zeros. */
    private static String normal(Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        String s = String.valueOf(v);
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-' || s.charAt(0) == '.')) {
            try {
                BigDecimal d = new BigDecimal(s.strip().replace(",", ""));
                return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return s;
    }

    /**
     * The partition of each group of rows (an application: its rows must be replayed together), numbered
     * 0.. in order of first appearance.
     */
    public int[] assign(List<List<ClaimRow>> groups) {
        Map<String, Integer> subjects = new HashMap<>();
        Map<String, Integer> objects = new HashMap<>();
        UnionFind uf = new UnionFind();
        int[] first = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            int root = -1;
            String lastSubject = null;
            for (ClaimRow r : groups.get(g)) {
                if (!r.subjectId().equals(lastSubject)) {
                    lastSubject = r.subjectId();
                    Integer id = subjects.get(lastSubject);
                    if (id == null) {
                        id = uf.add();
                        subjects.put(lastSubject, id);
                    }
                    root = root < 0 ? id : uf.union(root, id);
                }
                for (String n : crossNodes(r)) {
                    Integer id = objects.get(n);
                    if (id == null) {
                        id = uf.add();
                        objects.put(n, id);
                    }
                    root = root < 0 ? id : uf.union(root, id);
                }
            }
            first[g] = root < 0 ? uf.add() : root;
        }
        int[] out = new int[groups.size()];
        int[] number = new int[uf.n];
        java.util.Arrays.fill(number, -1);
        int next = 0;
        for (int g = 0; g < groups.size(); g++) {
            int root = uf.find(first[g]);
            if (number[root] < 0) {
                number[root] = next++;
            }
            out[g] = number[root];
        }
        return out;
    }

    /**
     * {@link #assign(List)} for the applications {@code [first[a], end[a])} of {@code rows}, on up to {@code
     * threads} threads: the nodes each application touches are looked up in parallel, the union–find over their
     * numbers is one quick pass. The partitions (and their numbers, by first appearance) are those of {@link
     * #assign(List)}.
     */
    public int[] assign(ClaimRow[] rows, int[] first, int[] end, int threads) {
        return assign(rows, first, end, threads, Chunks.MIN_CHUNK);
    }

    /** The same in runs of at least {@code minChunk} applications (tests split small rounds). */
    int[] assign(ClaimRow[] rows, int[] first, int[] end, int threads, int minChunk) {
        // Per run of applications, on all cores: the nodes each application touches, one after another (its
        // subject ids, then any cross-subject objects), and how many each has, with a 64-bit hash of each node's text
        // computed here, so that numbering the nodes below, in one pass on this thread, looks at a table of hashes
        // (the strings themselves, scattered over the heap, only when a hash is found again).
        List<Nodes> runs = Chunks.map(first.length, threads, minChunk, (from, to) -> {
            Nodes ns = new Nodes(to - from);
            for (int g = from; g < to; g++) {
                int before = ns.size;
                String lastSubject = null;
                for (int i = first[g]; i < end[g]; i++) {
                    ClaimRow r = rows[i];
                    if (!r.subjectId().equals(lastSubject)) {
                        lastSubject = r.subjectId();
                        ns.add(lastSubject, false);
                    }
                    for (String n : crossNodes(r)) {
                        ns.add(n, true);
                    }
                }
                ns.count[g - from] = ns.size - before;
            }
            return ns;
        });
        // Which applications share a node, on all cores: the nodes are shared out by their hash, and each share's
        // thread numbers its nodes in one table (node -> the first application that touched it) and notes an edge
        // from every later application touching a node to that first one. The components of these edges are the
        // partitions (two applications are joined exactly when they share a node, directly or through others),
        // whichever thread found an edge; the union-find over application numbers is then one quick pass.
        int apps = first.length;
        int total = 0;
        for (Nodes run : runs) {
            total += run.size;
        }
        int[] appOf = new int[total]; // the application of each node, in order
        for (int k = 0, g = 0, r = 0; r < runs.size(); r++) {
            for (int c : runs.get(r).count) {
                for (int j = 0; j < c; j++) {
                    appOf[k++] = g;
                }
                g++;
            }
        }
        int shares = Math.max(1, threads);
        int expected = total / shares + 16;
        List<int[]> edges = Chunks.map(shares, threads, 1, (from, to) -> {
            NodeIds ids = new NodeIds(expected);
            int[] e = new int[64];
            int m = 0;
            int k = 0;
            for (Nodes run : runs) {
                for (int j = 0; j < run.size; j++, k++) {
                    long h = run.hash[j];
                    int share = (int) ((h >>> 1) % shares);
                    if (share < from || share >= to) {
                        continue;
                    }
                    int app = appOf[k];
                    int firstApp = ids.firstOr(h, run.node[j], run.object[j], app);
                    if (firstApp != app) {
                        if (m + 2 > e.length) {
                            e = java.util.Arrays.copyOf(e, e.length * 2);
                        }
                        e[m++] = app;
                        e[m++] = firstApp;
                    }
                }
            }
            return java.util.Arrays.copyOf(e, m);
        });
        UnionFind uf = new UnionFind(apps + 16);
        for (int a = 0; a < apps; a++) {
            uf.add();
        }
        for (int[] e : edges) {
            for (int i = 0; i < e.length; i += 2) {
                uf.union(e[i], e[i + 1]);
            }
        }
        int[] root = new int[apps];
        for (int a = 0; a < apps; a++) {
            root[a] = a;
        }
        int[] out = new int[first.length];
        int[] number = new int[uf.n];
        java.util.Arrays.fill(number, -1);
        int next = 0;
        for (int a = 0; a < first.length; a++) {
            int r = uf.find(root[a]);
            if (number[r] < 0) {
                number[r] = next++;
            }
            out[a] = number[r];
        }
        return out;
    }

    /** The nodes of a run of applications: subject ids and cross-subject objects (flagged), in order. */
    private static final class Nodes {
        final int[] count;
        String[] node;
        long[] hash;
        boolean[] object;
        int size;

        Nodes(int apps) {
            count = new int[apps];
            node = new String[apps + 16];
            hash = new long[node.length];
            object = new boolean[node.length];
        }

        void add(String n, boolean isObject) {
            if (size == node.length) {
                node = java.util.Arrays.copyOf(node, size * 2);
                hash = java.util.Arrays.copyOf(hash, size * 2);
                object = java.util.Arrays.copyOf(object, size * 2);
            }
            node[size] = n;
            hash[size] = NodeIds.hash(n);
            object[size++] = isObject;
        }
    }

    /**
     * Node numbers by node: an open-addressing table of 64-bit hashes, each slot's hash beside its number and kind
     * (subject or object) in one array so that a probe reads one place; the node's text is compared only when the
     * hash matches, so two nodes get one number exactly when they are the same text and kind.
     */
    static final class NodeIds {
        /** Per slot: the hash (0: empty), then the number times two plus one for an object node. */
        private long[] slots;

        private String[] nodes;
        private int size;

        NodeIds(int expected) {
            int cap = 16;
            while (cap < expected * 2) {
                cap <<= 1;
            }
            slots = new long[cap * 2];
            nodes = new String[cap];
        }

        /** A 64-bit hash of a node's text, never 0 (the empty slot). */
        static long hash(String s) {
            long h = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }

        /** The number of the node with this hash and text, a fresh one from {@code uf} the first time. */
        int id(long hash, String node, boolean object, UnionFind uf) {
            int kind = object ? 1 : 0;
            int i = slot(hash, node, kind);
            if (slots[2 * i] != 0) {
                return (int) (slots[2 * i + 1] >>> 1);
            }
            int id = uf.add();
            put(i, hash, node, kind, id);
            return id;
        }

        /**
         * The value kept for the node with this hash and text (and kind); {@code value} is kept for it, and answered,
         * the first time.
         */
        int firstOr(long hash, String node, boolean object, int value) {
            int kind = object ? 1 : 0;
            int i = slot(hash, node, kind);
            if (slots[2 * i] != 0) {
                return (int) (slots[2 * i + 1] >>> 1);
            }
            put(i, hash, node, kind, value);
            return value;
        }

        /** Where the node with this hash, text and kind is kept, or the free slot where it would go. */
        private int slot(long hash, String node, int kind) {
            int mask = nodes.length - 1;
            int i = (int) (hash ^ (hash >>> 32)) & mask;
            while (slots[2 * i] != 0) {
                if (slots[2 * i] == hash && (slots[2 * i + 1] & 1) == kind && nodes[i].equals(node)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return i;
        }

        /** Keeps a node and its value in the free slot {@code i}, growing the table past half full. */
        private void put(int i, long hash, String node, int kind, int value) {
            slots[2 * i] = hash;
            slots[2 * i + 1] = ((long) value << 1) | kind;
            nodes[i] = node;
            if (++size * 2 > nodes.length) {
                grow();
            }
        }

        private void grow() {
            long[] old = slots;
            String[] n = nodes;
            slots = new long[old.length * 2];
            nodes = new String[n.length * 2];
            int mask = nodes.length - 1;
            for (int j = 0; j < n.length; j++) {
                long h = old[2 * j];
                if (h != 0) {
                    int i = (int) (h ^ (h >>> 32)) & mask;
                    while (slots[2 * i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[2 * i] = h;
                    slots[2 * i + 1] = old[2 * j + 1];
                    nodes[i] = n[j];
                }
            }
        }
    }

    /** Union–find over int ids with path halving and union by size. */
    static final class UnionFind {
        private int[] parent;
        private int[] size;
        private int n;

        UnionFind() {
            this(1024);
        }

        UnionFind(int capacity) {
            parent = new int[Math.max(16, capacity)];
            size = new int[parent.length];
        }

        int add() {
            if (n == parent.length) {
                parent = java.util.Arrays.copyOf(parent, n * 2);
                size = java.util.Arrays.copyOf(size, n * 2);
            }
            parent[n] = n;
            size[n] = 1;
            return n++;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        int union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return ra;
            }
            if (size[ra] < size[rb]) {
                int t = ra;
                ra = rb;
                rb = t;
            }
            parent[rb] = ra;
            size[ra] += size[rb];
            return ra;
        }
    }

    /** For tests and reports: how many distinct partitions an assignment has. */
    public static int count(int[] assignment) {
        Set<Integer> s = new java.util.HashSet<>();
        for (int a : assignment) {
            s.add(a);
        }
        return s.size();
    }
}
