import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectTools, referenceTools, toolByName } from '../../../src/agent/tools/index.js';
import { readProjectFileTool } from '../../../src/agent/tools/reference.js';

describe('tool registry', () => {
  it('exports the tools by their public names, in a stable order', () => {
    expect(projectTools.map((tool) => [tool.name, tool.kind])).toEqual([
      ['shell', 'exec'],
      ['read_file', 'read'],
      ['list_files', 'read'],
      ['search', 'read'],
      ['edit_file', 'write'],
      ['apply_patch', 'write'],
    ]);
    expect(referenceTools.map((tool) => [tool.name, tool.kind])).toEqual([
      ['list_projects', 'read'],
      ['search_project', 'read'],
      ['read_project_file', 'read'],
      ['list_project_files', 'read'],
    ]);
    expect(toolByName('read_project_file')).toBe(readProjectFileTool);
    expect(toolByName('nope')).toBeUndefined();
  });

  it('has plain object schemas that convert to JSON Schema with the public argument names', () => {
    const shapes = Object.fromEntries(
      [...projectTools, ...referenceTools].map((tool) => {
        const schema = z.toJSONSchema(tool.parameters) as {
          type: string;
          properties: object;
          required?: string[];
        };
        expect(schema.type).toBe('object');
        return [tool.name, { properties: Object.keys(schema.properties), required: schema.required ?? [] }];
      }),
    );
    expect(shapes).toEqual({
      shell: { properties: ['command', 'timeout_ms', 'escalate_reason'], required: ['command'] },
      read_file: { properties: ['path', 'start_line', 'end_line'], required: ['path'] },
      list_files: { properties: ['path', 'depth'], required: [] },
      search: { properties: ['query', 'path'], required: ['query'] },
      edit_file: {
        properties: ['path', 'old_string', 'new_string'],
        required: ['path', 'old_string', 'new_string'],
      },
      apply_patch: { properties: ['patch'], required: ['patch'] },
      list_projects: { properties: [], required: [] },
      search_project: { properties: ['project', 'query', 'path'], required: ['project', 'query'] },
      read_project_file: {
        properties: ['project', 'path', 'start_line', 'end_line'],
        required: ['project', 'path'],
      },
      list_project_files: { properties: ['project', 'path', 'depth'], required: ['project'] },
    });
  });

  it('describes a call in one line', () => {
    expect(toolByName('shell')!.describe({ command: 'npm test\necho done' })).toBe('shell npm test…');
    expect(toolByName('read_file')!.describe({ path: 'a.ts', start_line: 3, end_line: 9 })).toBe(
      'read_file a.ts:3-9',
    );
    expect(
      toolByName('apply_patch')!.describe({
        patch: '*** Begin Patch\n*** Add File: x.ts\n+x\n*** End Patch',
      }),
    ).toBe('apply_patch x.ts');
  });
});
