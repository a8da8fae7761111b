package io.img2img.domain.request;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads an array field of objects (the concepts), each item's fields as the catalogue's item fields type them. */
final class ArrayReader {
    private ArrayReader() {}

    /** An array of objects whose fields are the catalogue's item fields; the size bound is the rules'. */
    static List<Concept> items(FieldReader r, Field f, String at, Object v) {
        String shape = f.itemShape();
        if (!(v instanceof List<?> list)) {
            r.typeError(at, "an array of " + shape, v);
            return null;
        }
        List<String> names = f.items().stream().map(Field::name).toList();
        List<Concept> concepts = new ArrayList<>();
        Map<Integer, Concept> sound = new TreeMap<>();
        for (int i = 0; i < list.size(); i++) {
            String itemAt = at + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                r.typeError(itemAt, "an object " + shape, list.get(i));
                continue;
            }
            int before = r.errors.size();
            for (Object key : item.keySet()) {
                if (!names.contains(key)) {
                    r.errors.add(new Violation(
                            itemAt + "." + key,
                            "is not a field of " + f.name() + "[] (" + String.join(", ", names) + ")"));
                }
            }
            Map<String, Object> values = new HashMap<>();
            for (Field itemField : f.items()) {
                values.put(
                        itemField.name(),
                        r.read(itemField, itemAt + "." + itemField.name(), item.get(itemField.name())));
                if (item.get(itemField.name()) == null && itemField.required()) {
                    r.errors.add(CatalogueRules.missing(itemField, itemAt + "." + itemField.name()));
                }
            }
            if (r.errors.size() > before) {
                continue; // the rules check the complete items; this one is reported already
            }
            Concept concept = RecordFields.create(Concept.class, values);
            concepts.add(concept);
            sound.put(i, concept);
        }
        if (concepts.size() == list.size()) {
            return concepts;
        }
        // items keep their positions in messages: with a broken item the list is dropped, so the rules
        // cannot check the sound ones; they are checked here with the rules' own check
        List<Violation> rules = new ArrayList<>();
        sound.forEach((i, concept) -> CatalogueRules.checkItem(rules, f, at + "[" + i + "]", concept));
        rules.forEach(r.errors::add);
        return null;
    }
}
