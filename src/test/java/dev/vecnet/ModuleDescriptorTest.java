package dev.vecnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The module exports the API's packages and nothing else; everything it needs beyond the JDK is optional. */
class ModuleDescriptorTest {
    @Test
    void onlyTheApiIsExportedAndNothingOutsideTheJdkIsRequired() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.vecnet", d.name());
        Set<String> exported = new TreeSet<>();
        d.exports().forEach(e -> {
            assertTrue(!e.isQualified(), e + " is exported to everyone or not at all");
            exported.add(e.source());
        });
        assertEquals(Set.of("dev.vecnet.data", "dev.vecnet.infer", "dev.vecnet.kernel", "dev.vecnet.model", "dev.vecnet.nn",
                "dev.vecnet.runtime", "dev.vecnet.train"), exported);
        for (ModuleDescriptor.Requires r : d.requires()) {
            boolean jdk = r.name().startsWith("java.") || r.name().startsWith("jdk.");
            assertTrue((jdk && !r.name().equals("jdk.incubator.vector")) || r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC),
                    r + ": beyond the JDK (and the incubating Vector API) every requirement is optional");
        }
    }
}
