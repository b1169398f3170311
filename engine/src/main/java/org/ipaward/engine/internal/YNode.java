package org.ipaward.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** A YAML node with its line, read as text: the loader decides types, so YAML's implicit typing never applies. */
public final class YNode {
    private final Node node;

    public YNode(Node node) {
        this.node = node;
    }

    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** A plain {@code null}, {@code ~} or empty scalar. */
    public boolean isNull() {
        if (node instanceof ScalarNode s && s.getScalarStyle() == ScalarStyle.PLAIN) {
            String v = s.getValue();
            return v.isEmpty() || v.equals("null") || v.equals("~") || v.equals("Null") || v.equals("NULL");
        }
        return false;
    }

    /** The scalar's text, or {@code null} for a map or list; a short one interned ({@link #canonical}). */
    public String text() {
        return node instanceof ScalarNode s ? canonical(s.getValue()) : null;
    }

    /**
     * A short text (an id, a code, a choice, a country) as the one interned instance: a claim that states it by a
     * literal (or an interned string) is then found in the policy's sets and tables by identity, before any
     * comparison of characters. Longer texts (labels, quotes) are left as read.
     */
    static String canonical(String text) {
        return text != null && text.length() <= 64 ? text.intern() : text;
    }

    /** The map's entries in file order; duplicate keys are reported by {@code duplicates}. */
    public Map<String, YNode> entries(List<YNode> duplicates) {
        Map<String, YNode> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            String key =
                    t.getKeyNode() instanceof ScalarNode s ? canonical(s.getValue()) : String.valueOf(t.getKeyNode());
            if (out.put(key, new YNode(t.getValueNode())) != null && duplicates != null) {
                duplicates.add(new YNode(t.getKeyNode()));
            }
        }
        return out;
    }

    public Map<String, Integer> keyLines() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s) {
                out.put(s.getValue(), new YNode(s).line());
            }
        }
        return out;
    }

    public List<YNode> items() {
        List<YNode> out = new ArrayList<>();
        for (Node n : ((SequenceNode) node).getValue()) {
            out.add(new YNode(n));
        }
        return out;
    }
}
