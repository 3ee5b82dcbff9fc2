/**
 * The yearly training goal as data (config/outreach/training-goal.yaml), read and validated when the module registers:
 * a broken file stops the start naming the line and the path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { trainingGoalFile, type TrainingGoalFile } from '@shangmi/shared';
import { parseConfigText } from '../../platform/config-file.js';

export const TRAINING_GOAL_FILE = path.resolve(import.meta.dirname, '../../../../../config/outreach/training-goal.yaml');

export const parseTrainingGoal = (text: string, file = 'config/outreach/training-goal.yaml'): TrainingGoalFile => parseConfigText(text, file, trainingGoalFile).data;

let goal: TrainingGoalFile | null = null;

/** The goal in force (read once). */
export function trainingGoal(): TrainingGoalFile {
  goal ??= parseTrainingGoal(fs.readFileSync(TRAINING_GOAL_FILE, 'utf8'));
  return goal;
}
