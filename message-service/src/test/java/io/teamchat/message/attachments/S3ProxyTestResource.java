package io.teamchat.message.attachments;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for the S3 store's tests: s3proxy on 127.0.0.1 (a free port) over jclouds' in-memory
 * "transient" backend, with AWS v4 authentication and one bucket; the service is pointed at it.
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "teamchat-test";
    private static final String ACCESS_KEY = "test-access";
    private static final String SECRET_KEY = "test-secret";

    private S3Proxy proxy;
    private BlobStoreContext context;

    @Override
    public Map<String, String> start() {
        context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        return Map.of(
                "chat.attachments.store",
                "s3",
                "chat.attachments.s3.endpoint",
                "http://127.0.0.1:" + proxy.getPort(),
                "chat.attachments.s3.bucket",
                BUCKET,
                "chat.attachments.s3.access-key",
                ACCESS_KEY,
                "chat.attachments.s3.secret-key",
                SECRET_KEY,
                "chat.attachments.s3.path-style",
                "true");
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (context != null) {
                context.close();
            }
        }
    }
}
