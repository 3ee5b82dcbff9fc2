import { useState } from 'react';
import { Button, Input, Space } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { PASSWORD_MAX_LENGTH } from '@shangmi/shared';
import { useT } from '../lib/i18n';
import { generatePassword } from '../lib/password';

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  /** the account's user name, kept out of generated passwords */
  username?: string;
}

/** A password an administrator sets for someone else, with 生成 for a policy-compliant random one. */
export function GeneratedPasswordInput({ id, value, onChange, username }: Props) {
  const t = useT();
  const [visible, setVisible] = useState(false);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        maxLength={PASSWORD_MAX_LENGTH}
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
      />
      <Button
        icon={<ThunderboltOutlined aria-hidden />}
        onClick={() => {
          onChange?.(generatePassword(username));
          // the administrator has to pass it on, so show it
          setVisible(true);
        }}
      >
        {t('password.generate')}
      </Button>
    </Space.Compact>
  );
}
