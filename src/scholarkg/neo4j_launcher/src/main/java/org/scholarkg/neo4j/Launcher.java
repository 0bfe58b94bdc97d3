package org.scholarkg.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community as one process: an embedded DBMS whose home (databases, transaction logs, neo4j's own logs) is
 * {@code --home}, with a Bolt connector on 127.0.0.1:{@code --bolt-port} and authentication on. The password of
 * the user {@code neo4j} comes from the environment variable SCHOLARKG_NEO4J_PASSWORD (never the command line,
 * which every user of the machine can read). With {@code --browser-port} it also serves the Neo4j Browser's static
 * files (the org.neo4j.client:neo4j-browser jar on the classpath) on that loopback port, pointed at the Bolt port.
 *
 * <p>It prints one line "scholarkg-neo4j ready bolt=PORT" once clients can log in, and shuts the DBMS down
 * cleanly on SIGTERM or SIGINT.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path home = null;
        int boltPort = 7687;
        int browserPort = 0;
        String pageCache = "256m";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--home" -> home = Path.of(required(args[i], value)).toAbsolutePath();
                case "--bolt-port" -> boltPort = Integer.parseInt(required(args[i], value));
                case "--browser-port" -> browserPort = Integer.parseInt(required(args[i], value));
                case "--page-cache" -> pageCache = required(args[i], value);
                default -> fail("unknown argument " + args[i]);
            }
            i++;
        }
        if (home == null) {
            fail("--home DIR is required");
        }
        String password = System.getenv("SCHOLARKG_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("set SCHOLARKG_NEO4J_PASSWORD to the password of the user neo4j (8 characters or more)");
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(pageCache))
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports sent from test machines
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "scholarkg-neo4j-shutdown"));
        setPassword(dbms, password);
        if (browserPort > 0) {
            serveBrowser(browserPort, boltPort);
        }
        System.out.println("scholarkg-neo4j ready bolt=" + boltPort + (browserPort > 0 ? " browser=" + browserPort : ""));
        System.out.flush();
        stopped.await();
    }

    /** The password of {@code neo4j}, set through the system database (the embedded API needs no login). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // a restart with the password already set: Neo4j refuses to "change" it to itself
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /**
     * The Neo4j Browser on 127.0.0.1:{@code port}: {@code /browser/...} from the jar's {@code browser/} folder,
     * and {@code /} answering the discovery document the Browser asks for (where Bolt listens).
     */
    private static void serveBrowser(int port, int boltPort) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        byte[] discovery = ("{\"bolt_direct\":\"bolt://127.0.0.1:" + boltPort + "\",\"bolt_routing\":\"neo4j://127.0.0.1:"
                + boltPort + "\",\"auth_config\":{},\"neo4j_edition\":\"community\"}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
                if (accept.contains("application/json")) {
                    send(exchange, 200, "application/json", discovery);
                } else {
                    exchange.getResponseHeaders().add("Location", "/browser/");
                    send(exchange, 302, "text/plain", new byte[0]);
                }
                return;
            }
            if (!path.startsWith("/browser/") || path.contains("..")) {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = path.substring(1);
            if (name.endsWith("/")) {
                name += "index.html";
            }
            try (InputStream in = Launcher.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, contentType(name), in.readAllBytes());
                }
            }
        });
        server.start();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static String contentType(String name) {
        Map<String, String> types = Map.of(".html", "text/html; charset=utf-8", ".js", "application/javascript",
                ".css", "text/css", ".json", "application/json", ".svg", "image/svg+xml", ".png", "image/png",
                ".woff", "font/woff", ".woff2", "font/woff2", ".ttf", "font/ttf", ".ico", "image/x-icon");
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream" : types.getOrDefault(name.substring(dot), "application/octet-stream");
    }

    /** "256m", "2g", "1048576" as bytes. */
    private static long bytes(String size) {
        String s = size.trim().toLowerCase();
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1L ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private static String required(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("scholarkg-neo4j: " + message);
        System.exit(2);
    }
}
