// `shipyard steer|edit|move|delete`: what the zoomed pane's input and queue list do, from a shell.
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openActions, parseIntentId } from '../state.js';

export function steerCommand(env: CliEnv, name: string, words: string[]): void {
  process.stdout.write(`${openActions(env).steer(name, words.join(' '))}\n`);
}

export function editCommand(env: CliEnv, idText: string, words: string[]): void {
  process.stdout.write(`${openActions(env).edit(parseIntentId(idText), words.join(' '))}\n`);
}

export function moveCommand(env: CliEnv, idText: string, direction: string): void {
  if (direction !== 'up' && direction !== 'down')
    throw new UserError(`"${direction}" is not a direction: shipyard move ID up|down`);
  process.stdout.write(`${openActions(env).move(parseIntentId(idText), direction)}\n`);
}

export function removeCommand(env: CliEnv, idText: string): void {
  process.stdout.write(`${openActions(env).remove(parseIntentId(idText))}\n`);
}
