/** Types of socket-protocol.mjs, for the test that compares its output with the committed file. */
export declare const schemaPath: string;
export declare const generatedPath: string;
export declare function generateProtocolTypes(): Promise<string>;
