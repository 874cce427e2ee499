package io.teamchat.message.attachments;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The one {@link BlobStore} of this replica, as {@code chat.attachments.store} says. */
@ApplicationScoped
public class BlobStores {

    private static final Logger LOG = Logger.getLogger(BlobStores.class);

    @Produces
    @ApplicationScoped
    BlobStore store(AttachmentsConfig config, AgroalDataSource dataSource) {
        LOG.infof("attachments are stored in %s", config.store());
        return switch (config.store()) {
            case POSTGRES -> new PostgresBlobStore(dataSource);
            case S3 -> new S3BlobStore(config.s3());
        };
    }

    void close(@Disposes BlobStore store) {
        if (store instanceof S3BlobStore s3) {
            s3.close();
        }
    }
}
