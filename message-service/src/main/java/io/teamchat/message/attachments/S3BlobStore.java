package io.teamchat.message.attachments;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in one bucket of S3 or an S3-compatible server (MinIO, Garage, Ceph...), through the AWS SDK v2.
 * Uploads stream from the request's temporary file, downloads stream ranged GETs to the client.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public S3BlobStore(AttachmentsConfig.S3 config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                // S3-compatible servers do not all know the SDK's newer default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.accessKey().get(), config.secretKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.s3 = builder.build();
        this.bucket = config.bucket();
    }

    @Override
    public void put(String key, InputStream content, long size) throws IOException {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromInputStream(content, size));
        } catch (SdkException e) {
            throw new IOException("storing blob " + key + " failed", e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length == 0) {
            if (!exists(key)) {
                throw new FileNotFoundException(key);
            }
            return InputStream.nullInputStream();
        }
        try {
            // Long.MAX_VALUE: to the end (a thumbnail, whose size is not recorded).
            String range = length == Long.MAX_VALUE ? null : "bytes=" + offset + "-" + (offset + length - 1);
            return s3.getObject(request -> request.bucket(bucket).key(key).range(range));
        } catch (NoSuchKeyException e) {
            throw new FileNotFoundException(key);
        } catch (SdkException e) {
            throw new IOException("reading blob " + key + " failed", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("deleting blob " + key + " failed", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("looking up blob " + key + " failed", e);
        } catch (SdkException e) {
            throw new IOException("looking up blob " + key + " failed", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
