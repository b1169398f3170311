package org.ipaward.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;

/**
 * A JSON document read with the line of every value, so that a problem can name file, line and field path
 * ({@code claims[0].facts.loan_interest}). Numbers become {@link BigDecimal} from their text, never a double;
 * a duplicate key is an error rather than a silent overwrite.
 */
final class JsonInput {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One value: a {@code Map<String, Node>}, {@code List<Node>}, String, BigDecimal, Boolean, or null. */
    record Node(Object value, String path, int line) {
        boolean isObject() {
            return value instanceof Map;
        }

        boolean isNull() {
            return value == null;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> fields() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> items() {
            return (List<Node>) value;
        }

        /** The value with its structure, without lines: what the engine is handed. */
        Object plain() {
            if (value instanceof Map) {
                Map<String, Object> out = new LinkedHashMap<>();
                fields().forEach((k, v) -> out.put(k, v.plain()));
                return out;
            }
            if (value instanceof List) {
                List<Object> out = new ArrayList<>();
                items().forEach(v -> out.add(v.plain()));
                return out;
            }
            return value;
        }

        /** The value as a person reads it in a message: {@code 12.5}, {@code abc}, {@code [...]}. */
        String show() {
            if (value == null) {
                return "null";
            }
            if (value instanceof Map) {
                return "{…}";
            }
            if (value instanceof List) {
                return "[…]";
            }
            if (value instanceof BigDecimal d) {
                return d.toPlainString();
            }
            String s = value.toString();
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }

    private final String file;
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private JsonInput(String file) {
        this.file = file;
    }

    /**
     * Parses a document.
     *
     * @throws InputException naming file, line and column when the text is not JSON
     */
    static Parsed parse(String text, String file) {
        JsonInput in = new JsonInput(file);
        if (text.isBlank()) {
            throw new InputException(
                    new Problem(file, 0, null, null, "json.empty", "输入为空，应为 JSON 对象", "the input is empty"));
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            Node root = in.value(p, t, "");
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw in.syntax(p.currentLocation(), "", "JSON 值之后还有多余内容", "unexpected content after the JSON value");
            }
            return new Parsed(root, in);
        } catch (JsonParseException e) {
            throw in.fromParser(e);
        } catch (JsonProcessingException e) {
            throw in.syntax(e.getLocation(), "", "JSON 无法读取：" + e.getOriginalMessage(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(new Problem(
                    file, 0, null, null, "input.unreadable", "无法读取输入：" + e.getMessage(), "cannot read the input"));
        }
    }

    /** A parsed document and the lines of its values. */
    record Parsed(Node root, JsonInput input) {
        String file() {
            return input.file;
        }

        /** The line of a path, or of its nearest enclosing value; 0 when unknown. */
        int line(String path) {
            String p = path == null ? "" : path;
            while (true) {
                Integer l = input.lines.get(p);
                if (l != null) {
                    return l;
                }
                if (p.isEmpty()) {
                    return 0;
                }
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
        }
    }

    private String currentPath = "";

    private Node value(JsonParser p, JsonToken t, String path) throws IOException {
        currentPath = path;
        int line = p.currentTokenLocation().getLineNr();
        lines.put(path, line);
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    JsonToken v = p.nextToken();
                    m.put(name, value(p, v, child));
                    currentPath = path;
                }
                return new Node(m, path, line);
            }
            case START_ARRAY: {
                List<Node> l = new ArrayList<>();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, v, path + "[" + l.size() + "]"));
                    currentPath = path;
                }
                return new Node(l, path, line);
            }
            case VALUE_STRING:
                return new Node(p.getText(), path, line);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                String s = p.getText();
                if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
                    throw problem(
                            path,
                            line,
                            "json.number-exponent",
                            "数值“" + s + "”请写成普通小数（不用科学计数法）",
                            "write numbers without an exponent");
                }
                // Exact from the text: binary floating point never touches money.
                return new Node(new BigDecimal(s), path, line);
            }
            case VALUE_TRUE:
                return new Node(Boolean.TRUE, path, line);
            case VALUE_FALSE:
                return new Node(Boolean.FALSE, path, line);
            case VALUE_NULL:
                return new Node(null, path, line);
            default:
                throw syntax(p.currentTokenLocation(), path, "意外的 JSON 内容“" + t + "”", "unexpected token " + t);
        }
    }

    private InputException fromParser(JsonParseException e) {
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (msg.startsWith("Duplicate field")) {
            String name = msg.replaceAll("^Duplicate field '(.*)'.*$", "$1");
            String field = currentPath.isEmpty() ? name : currentPath + "." + name;
            return problem(
                    field,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "json.duplicate-key",
                    "字段“" + name + "”重复出现（同一对象中每个字段只能写一次）",
                    "duplicate key");
        }
        return syntax(e.getLocation(), currentPath, "JSON 语法错误：" + zh(msg), msg);
    }

    /** A short Chinese gloss of Jackson's commonest complaints; the English original follows in the message. */
    private static String zh(String msg) {
        if (msg.contains("Unexpected end-of-input")) {
            return "内容不完整（括号或引号未闭合）";
        }
        if (msg.contains("was expecting double-quote to start field name")) {
            return "字段名须用双引号（或多了逗号）";
        }
        if (msg.contains("was expecting comma")) {
            return "缺少逗号";
        }
        if (msg.contains("Unrecognized token") || msg.contains("Unexpected character")) {
            return "无法识别的字符（文本须用双引号）";
        }
        if (msg.contains("Invalid numeric value") || msg.contains("Leading zeroes")) {
            return "数值写法无效";
        }
        return "无法解析";
    }

    private InputException syntax(JsonLocation loc, String path, String zh, String en) {
        int line = loc == null ? 0 : loc.getLineNr();
        int col = loc == null ? 0 : loc.getColumnNr();
        return new InputException(new Problem(
                file,
                Math.max(line, 0),
                null,
                path == null || path.isEmpty() ? null : path,
                "json.syntax",
                zh + "（第 " + line + " 行第 " + col + " 列）",
                en));
    }

    private InputException problem(String path, int line, String key, String zh, String en) {
        return new InputException(new Problem(file, line, null, path.isEmpty() ? null : path, key, zh, en));
    }
}
