import { escapeXml } from '../format/xml.js';
import { negotiate } from '../http/negotiation.js';
import type { Reply } from '../http/types.js';

/** One HTTP method a resource supports, and its parameters with their supported values (empty: free text). */
export interface MethodMetadata {
  /** The method, e.g. POST. */
  readonly httpMethod: string;
  /** Its input parameters. */
  readonly parameters: ReadonlyArray<{
    /** The parameter's name. */
    readonly name: string;
    /** The values it takes; empty when any value of its type goes. */
    readonly supportedValues: readonly string[];
  }>;
}

function xml(metadata: readonly MethodMetadata[]): string {
  const methods = metadata
    .map((method) => {
      const parameters = method.parameters
        .map((parameter) => {
          const values =
            parameter.supportedValues.length === 0
              ? '          <supportedValues />\n'
              : `          <supportedValues>\n${parameter.supportedValues.map((value) => `            <value>${escapeXml(value)}</value>\n`).join('')}          </supportedValues>\n`;
          return `        <parameter>\n          <name>${escapeXml(parameter.name)}</name>\n${values}        </parameter>\n`;
        })
        .join('');
      return `    <httpMethodMetadata>\n      <httpMethod>${escapeXml(method.httpMethod)}</httpMethod>\n      <parameters>\n${parameters}      </parameters>\n    </httpMethodMetadata>\n`;
    })
    .join('');
  return (
    '<?xml version="1.0"?>\n' +
    '<optionsMetadata xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
    `  <metadata>\n${methods}  </metadata>\n</optionsMetadata>\n`
  );
}

/** The answer to OPTIONS in the form applications_ref shows: `{metadata: [...]}` or `<optionsMetadata>`. */
export function optionsMetadataReply(metadata: readonly MethodMetadata[], accept: string | undefined): Reply {
  const { format, contentType } = negotiate(accept);
  const body = format === 'xml' ? xml(metadata) : JSON.stringify({ metadata });
  return { kind: 'raw', status: 200, contentType, body };
}
