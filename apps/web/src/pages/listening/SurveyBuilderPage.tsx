import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { QUESTION_KINDS, QUESTION_KIND_LABELS, pick } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { useFormSave } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { useI18n } from '../../lib/i18n';
import { CHOICE_KINDS, choicesOf, emptyBuilder, fromDefinition, nextId, toDefinition, type BuilderForm, type BuilderQuestion } from './survey-builder';

/**
 * 问卷设计: a survey built in the browser (sections of single / multiple choice, scale, matrix, short and long text
 * questions; required; "show only when an earlier choice question was answered with …"). A new survey is a draft; a
 * draft can be edited until it is sent. The server checks the definition again (ids, options, skip logic pointing back).
 */
export default function SurveyBuilderPage() {
  const { id } = useParams();
  const editing = id ? Number(id) : null;
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<BuilderForm>();
  const existing = useQuery({ queryKey: ['listening', 'survey', editing], queryFn: ({ signal }) => listeningApi.survey(editing!, signal), enabled: editing !== null });
  const sections = Form.useWatch('sections', form) ?? [];
  useEffect(() => {
    form.setFieldsValue(existing.data ? fromDefinition(existing.data) : emptyBuilder());
  }, [existing.data, form]);
  const { busy, submit } = useFormSave<BuilderForm, { id: number }>({
    form,
    save: (v) => (editing ? listeningApi.updateSurvey(editing, toDefinition(v)) : listeningApi.createSurvey(toDefinition(v))),
    success: editing ? t('common.saved') : t('common.created'),
    invalidate: ['listening'],
    onClose: () => void navigate('/listening/surveys'),
  });
  if (editing && existing.isPending) return <FullPageSpinner />;
  if (existing.error) return <QueryError error={existing.error} />;
  const notDraft = existing.data && existing.data.status !== 'draft';
  const allQuestions = sections.flatMap((s) => s?.questions ?? []);
  const usedIds = allQuestions.map((q) => q?.id).filter(Boolean);
  /** The choice questions before question `qi` of section `si` (skip logic may only look back). */
  const earlierChoices = (si: number, qi: number) =>
    sections
      .flatMap((s, i) => (s?.questions ?? []).map((q, j) => ({ q, before: i < si || (i === si && j < qi) })))
      .filter((x) => x.before && x.q && CHOICE_KINDS.includes(x.q.kind))
      .map((x) => x.q as BuilderQuestion);
  return (
    <>
      <PageHeader title={editing ? t('listening.editSurvey') : t('listening.newSurvey')} extra={<Button onClick={() => void navigate('/listening/surveys')}>{t('common.back')}</Button>} />
      {notDraft ? <Alert type="warning" showIcon title={t('listening.notDraftNote')} style={{ marginBottom: 16 }} /> : null}
      <Form<BuilderForm> form={form} name="surveyBuilder" layout="vertical" onFinish={(v) => void submit(v)} disabled={!!notDraft}>
        <Card style={{ marginBottom: 16 }}>
          <Form.Item name="title" label={t('listening.surveyTitle')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="intro" label={t('listening.surveyIntro')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="anonymous" label={t('listening.anonymous')} valuePropName="checked" extra={t('listening.anonymousNote')}>
            <Switch />
          </Form.Item>
        </Card>
        <Form.List name="sections">
          {(secFields, secOps) => (
            <>
              {secFields.map((sec, si) => (
                <Card
                  key={sec.key}
                  style={{ marginBottom: 16 }}
                  title={`${t('listening.section')} ${si + 1}`}
                  extra={secFields.length > 1 ? <Button danger size="small" onClick={() => secOps.remove(sec.name)}>{t('common.delete')}</Button> : null}
                >
                  <Form.Item name={[sec.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[sec.name, 'title']} label={t('listening.sectionTitle')} rules={[{ required: true, max: 200 }]}>
                    <Input />
                  </Form.Item>
                  <Form.List name={[sec.name, 'questions']}>
                    {(qFields, qOps) => (
                      <>
                        {qFields.map((qf, qi) => {
                          const q = sections[si]?.questions?.[qi];
                          const kind = q?.kind ?? 'single';
                          const earlier = earlierChoices(si, qi);
                          const ref = earlier.find((x) => x.id === q?.showIfQuestion);
                          return (
                            <Card key={qf.key} size="small" type="inner" style={{ marginBottom: 12 }} data-testid={`builder-q-${si}-${qi}`}
                              title={`${t('listening.question')} ${qi + 1}${q?.id ? ` · ${q.id}` : ''}`}
                              extra={qFields.length > 1 ? <Button danger size="small" onClick={() => qOps.remove(qf.name)}>{t('common.delete')}</Button> : null}
                            >
                              <Form.Item name={[qf.name, 'id']} hidden><Input /></Form.Item>
                              <Form.Item name={[qf.name, 'optionValues']} hidden><Select mode="multiple" /></Form.Item>
                              <Form.Item name={[qf.name, 'rowValues']} hidden><Select mode="multiple" /></Form.Item>
                              <Flex gap={12} wrap>
                                <Form.Item name={[qf.name, 'kind']} label={t('listening.questionKind')} rules={[{ required: true }]} style={{ width: 140 }}>
                                  <Select options={QUESTION_KINDS.map((k) => ({ value: k, label: pick(QUESTION_KIND_LABELS[k], locale) }))} />
                                </Form.Item>
                                <Form.Item name={[qf.name, 'title']} label={t('listening.questionTitle')} rules={[{ required: true, max: 500 }]} style={{ flex: 1, minWidth: 240 }}>
                                  <Input />
                                </Form.Item>
                                <Form.Item name={[qf.name, 'required']} label={t('listening.required')} valuePropName="checked">
                                  <Checkbox />
                                </Form.Item>
                              </Flex>
                              {kind === 'single' || kind === 'multi' || kind === 'matrix' ? (
                                <Form.Item name={[qf.name, 'optionsText']} label={kind === 'matrix' ? t('listening.matrixColumns') : t('listening.options')} extra={t('listening.onePerLine')} rules={[{ required: true, message: t('listening.optionsNeeded') }]}>
                                  <Input.TextArea rows={3} />
                                </Form.Item>
                              ) : null}
                              {kind === 'matrix' ? (
                                <Form.Item name={[qf.name, 'rowsText']} label={t('listening.matrixRows')} extra={t('listening.onePerLine')} rules={[{ required: true, message: t('listening.optionsNeeded') }]}>
                                  <Input.TextArea rows={3} />
                                </Form.Item>
                              ) : null}
                              {kind === 'scale' ? (
                                <Space>
                                  <Form.Item name={[qf.name, 'scaleMin']} label={t('listening.scaleFrom')} initialValue={1}>
                                    <InputNumber min={0} max={1} />
                                  </Form.Item>
                                  <Form.Item name={[qf.name, 'scaleMax']} label={t('listening.scaleTo')} initialValue={5}>
                                    <InputNumber min={2} max={10} />
                                  </Form.Item>
                                </Space>
                              ) : null}
                              {earlier.length ? (
                                <Flex gap={12} wrap>
                                  <Form.Item name={[qf.name, 'showIfQuestion']} label={t('listening.showIf')} style={{ minWidth: 240 }}>
                                    <Select allowClear options={earlier.map((x) => ({ value: x.id, label: `${x.id} ${x.title ?? ''}` }))} />
                                  </Form.Item>
                                  {ref ? (
                                    <Form.Item name={[qf.name, 'showIfAnyOf']} label={t('listening.showIfAnyOf')} style={{ minWidth: 240 }} rules={[{ required: true, message: t('listening.optionsNeeded') }]}>
                                      <Select mode="multiple" options={choicesOf(ref).map((c) => ({ value: c.value, label: c.label }))} />
                                    </Form.Item>
                                  ) : null}
                                </Flex>
                              ) : null}
                            </Card>
                          );
                        })}
                        <Button data-testid={`builder-add-question-${si}`} onClick={() => qOps.add({ id: nextId(usedIds as string[], 'q'), kind: 'single', title: '', required: false })}>
                          {t('listening.addQuestion')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Space style={{ marginBottom: 16 }}>
                <Button onClick={() => secOps.add({ id: nextId(sections.map((s) => s?.id).filter(Boolean) as string[], 's'), title: '', questions: [{ id: nextId(usedIds as string[], 'q'), kind: 'single', title: '', required: false }] })}>
                  {t('listening.addSection')}
                </Button>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="builder-save">
                  {t('common.save')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </>
  );
}
